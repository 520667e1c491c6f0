"""Outbox backlog per service, read from each service's public ``/metrics``: every service
exports ``returners_outbox_backlog`` (unpublished outbox rows)."""

from prometheus_client.parser import text_string_to_metric_families

from reporting.domain.views import OutboxBacklog
from reporting.health.metrics_pages import MetricsPage

BACKLOG_METRIC = "returners_outbox_backlog"


def backlog_from_metrics(text: str) -> float | None:
    """The backlog in a Prometheus text exposition (summed over labels), None if absent."""
    values = [
        sample.value
        for family in text_string_to_metric_families(text)
        if family.name == BACKLOG_METRIC
        for sample in family.samples
        if sample.name == BACKLOG_METRIC
    ]
    return sum(values) if values else None


def backlog_of(page: MetricsPage) -> OutboxBacklog:
    if page.text is None:
        return OutboxBacklog(service=page.service, url=page.url, backlog=None, error=page.error)
    try:
        backlog = backlog_from_metrics(page.text)
        error = None if backlog is not None else f"{BACKLOG_METRIC} not exported"
    except ValueError as exc:  # not a Prometheus exposition
        backlog, error = None, f"{type(exc).__name__}: {exc}"[:300]
    return OutboxBacklog(service=page.service, url=page.url, backlog=backlog, error=error)


def backlogs(pages: list[MetricsPage]) -> list[OutboxBacklog]:
    return [backlog_of(page) for page in pages]

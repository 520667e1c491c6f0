"""Deliveries failing now, per channel, read from the notifications service's ``/metrics``:
how many wait in retry, and the channel's latest failure (when, and its error).

Dead letters come hours later, after every retry; these figures move within a refresh of
the first failed attempt. Notifications cleans the error of anything address-like before
exporting it (its ``domain/redaction.py``); it is shown as text, never as markup.
"""

from datetime import UTC, datetime

from prometheus_client.parser import text_string_to_metric_families

from reporting.domain.views import DeliveryRetries
from reporting.health.metrics_pages import MetricsPage
from returners_platform.contracts.vocabulary import DeliveryChannel

NOTIFICATIONS = "notifications"
IN_RETRY_METRIC = "notifications_deliveries_in_retry"
LAST_FAILURE_AT_METRIC = "notifications_delivery_last_failure_timestamp_seconds"
LAST_FAILURE_METRIC = "notifications_delivery_last_failure_info"
CHANNELS = tuple(sorted(channel.value for channel in DeliveryChannel))


def retries_from_metrics(text: str) -> list[DeliveryRetries]:
    """One row per channel from a Prometheus text exposition (raises ValueError if it is not
    one); a channel without the in-retry gauge is unknown, one without a failure never failed."""
    in_retry: dict[str, int] = {}
    failed_at: dict[str, datetime] = {}
    errors: dict[str, str] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            channel = sample.labels.get("channel")
            if channel is None:
                continue
            if sample.name == IN_RETRY_METRIC:
                in_retry[channel] = int(sample.value)
            elif sample.name == LAST_FAILURE_AT_METRIC:
                failed_at[channel] = datetime.fromtimestamp(sample.value, UTC)
            elif sample.name == LAST_FAILURE_METRIC:
                errors[channel] = sample.labels.get("error", "")
    return [
        DeliveryRetries(
            channel=channel,
            in_retry=in_retry.get(channel),
            last_error=errors.get(channel),
            last_error_at=failed_at.get(channel),
            scrape_error=None if channel in in_retry else f"{IN_RETRY_METRIC} not exported",
        )
        for channel in sorted(set(CHANNELS) | set(in_retry))
    ]


def delivery_retries(pages: list[MetricsPage]) -> list[DeliveryRetries]:
    """Rows of the notifications service's page; none if it is not scraped at all."""
    page = next((p for p in pages if p.service == NOTIFICATIONS), None)
    if page is None:
        return []
    if page.text is None:
        return _unknown(page.error or "no answer")
    try:
        return retries_from_metrics(page.text)
    except ValueError as exc:  # not a Prometheus exposition
        return _unknown(f"{type(exc).__name__}: {exc}"[:300])


def _unknown(reason: str) -> list[DeliveryRetries]:
    return [
        DeliveryRetries(
            channel=channel, in_retry=None, last_error=None, last_error_at=None, scrape_error=reason
        )
        for channel in CHANNELS
    ]

"""Outbox backlog per service, scraped from each service's public ``/metrics``.

Reporting may not read other services' tables; every service exports
``returners_outbox_backlog`` (unpublished outbox rows) on its metrics endpoint.
"""

import asyncio

import httpx
from prometheus_client.parser import text_string_to_metric_families

from reporting.api.schemas import OutboxBacklog

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


async def scrape_one(client: httpx.AsyncClient, service: str, url: str) -> OutboxBacklog:
    try:
        response = await client.get(url)
        response.raise_for_status()
        backlog = backlog_from_metrics(response.text)
        error = None if backlog is not None else f"{BACKLOG_METRIC} not exported"
    except (httpx.HTTPError, ValueError) as exc:
        backlog, error = None, f"{type(exc).__name__}: {exc}"[:300]
    return OutboxBacklog(service=service, url=url, backlog=backlog, error=error)


async def scrape_backlogs(client: httpx.AsyncClient, urls: dict[str, str]) -> list[OutboxBacklog]:
    return list(
        await asyncio.gather(
            *(scrape_one(client, service, url) for service, url in sorted(urls.items()))
        )
    )

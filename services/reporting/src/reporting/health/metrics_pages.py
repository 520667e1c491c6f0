"""Each service's public ``/metrics`` page, fetched once per refresh.

Reporting may not read other services' tables; what it shows of them comes from the
Prometheus text they export (``outbox.py`` reads the backlog of every service,
``deliveries.py`` the deliveries failing now at notifications).
"""

import asyncio
from dataclasses import dataclass

import httpx


@dataclass(frozen=True)
class MetricsPage:
    service: str
    url: str
    text: str | None  # None when the page could not be fetched
    error: str | None  # why not


async def fetch_page(client: httpx.AsyncClient, service: str, url: str) -> MetricsPage:
    try:
        response = await client.get(url)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        return MetricsPage(service, url, None, f"{type(exc).__name__}: {exc}"[:300])
    return MetricsPage(service, url, response.text, None)


async def fetch_pages(client: httpx.AsyncClient, urls: dict[str, str]) -> list[MetricsPage]:
    return list(
        await asyncio.gather(
            *(fetch_page(client, service, url) for service, url in sorted(urls.items()))
        )
    )

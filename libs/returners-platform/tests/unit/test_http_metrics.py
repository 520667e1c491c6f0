"""The HTTP metrics every service exports: by route template, the health polls left out,
and the series the dashboard reads, no others."""

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from fastapi import APIRouter, FastAPI
from prometheus_client import CollectorRegistry

from returners_platform.service.http_metrics import LATENCY_BUCKETS, instrument_http

DASHBOARD = Path(__file__).parents[4] / "deploy" / "grafana" / "dashboards" / "returners.json"
ROUTE = "/items/{item_id}"


async def _ok() -> dict[str, str]:
    return {"status": "ok"}


def _app(registry: CollectorRegistry) -> FastAPI:
    app = FastAPI()
    instrument_http(app, registry)
    items = APIRouter(prefix="/items")

    @items.get("/{item_id}")
    async def read(item_id: str) -> dict[str, str]:
        return {"id": item_id}

    for polled in ("/healthz", "/readyz", "/metrics"):
        app.add_api_route(polled, _ok)
    app.add_api_route("/metrics/history", _ok)  # not a polled path, though it starts as one

    app.include_router(items)
    return app


async def _requests(registry: CollectorRegistry, *paths: str) -> None:
    transport = httpx.ASGITransport(app=_app(registry))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        for path in paths:
            await client.get(path)


async def test_requests_are_counted_and_timed_by_route_template_and_status() -> None:
    registry = CollectorRegistry()
    await _requests(registry, "/items/a", "/items/b", "/healthz")

    counted = {"method": "GET", "status": "200", "handler": ROUTE}
    assert registry.get_sample_value("http_requests_total", counted) == 2
    timed = {"method": "GET", "handler": ROUTE}
    assert registry.get_sample_value("http_request_duration_seconds_count", timed) == 2
    # Fine enough for a p99 of a few milliseconds, long enough for a read that waits.
    bounds = {
        s.labels["le"]
        for metric in registry.collect()
        for s in metric.samples
        if s.name == "http_request_duration_seconds_bucket" and s.labels["handler"] == ROUTE
    }
    assert bounds == {str(float(b)) for b in LATENCY_BUCKETS} | {"+Inf"}


async def test_the_health_and_metrics_polls_are_not_counted_and_other_paths_are() -> None:
    registry = CollectorRegistry()
    await _requests(registry, "/healthz", "/readyz", "/metrics", "/metrics/history")

    samples = [s for metric in registry.collect() for s in metric.samples]
    counted = {s.labels["handler"] for s in samples if s.name == "http_requests_total"}
    assert counted == {"/metrics/history"}


async def test_the_dashboard_reads_every_http_series_exported_and_no_other() -> None:
    registry = CollectorRegistry()
    await _requests(registry, "/items/a")
    exported = {s.name for metric in registry.collect() for s in metric.samples}
    expressions = [
        target["expr"]
        for panel in _panels(json.loads(DASHBOARD.read_text())["panels"])
        for target in panel.get("targets", [])
    ]
    read = {name for expr in expressions for name in re.findall(r"\bhttp_\w+", expr)}

    assert read <= exported
    families = {re.sub(r"_(total|bucket|count|sum|created)$", "", name) for name in exported}
    assert families == {re.sub(r"_(total|bucket)$", "", name) for name in read}


def _panels(panels: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every panel, those inside (collapsed) rows too."""
    for panel in panels:
        yield panel
        yield from _panels(panel.get("panels", []))

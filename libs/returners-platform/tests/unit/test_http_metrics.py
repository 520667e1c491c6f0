"""The HTTP metrics every service exports, named and labelled as the dashboards read them."""

import httpx
from fastapi import APIRouter, FastAPI
from prometheus_client import REGISTRY

from returners_platform.service.http_metrics import HttpMetricsMiddleware

router = APIRouter(prefix="/things")


@router.get("/{thing_id}")
async def thing(thing_id: str) -> dict[str, str]:
    return {"thing_id": thing_id}


def _app() -> FastAPI:
    app = FastAPI()

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(router)
    app.add_middleware(HttpMetricsMiddleware, excluded_handlers=["/healthz"])
    return app


def _sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_requests_are_counted_by_method_status_and_route_template() -> None:
    before = {
        "ok": _sample(
            "http_requests_total", method="GET", status="200", handler="/things/{thing_id}"
        ),
        "missing": _sample("http_requests_total", method="GET", status="404", handler="none"),
        "health": _sample("http_requests_total", method="GET", status="200", handler="/healthz"),
        "slow": _sample(
            "http_request_duration_seconds_count", method="GET", handler="/things/{thing_id}"
        ),
        "sizes": _sample("http_response_size_bytes_sum", handler="/things/{thing_id}"),
    }
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        assert (await client.get("/things/a")).status_code == 200
        assert (await client.get("/things/b")).status_code == 200
        assert (await client.get("/nowhere")).status_code == 404
        assert (await client.get("/healthz")).status_code == 200

    ok = _sample("http_requests_total", method="GET", status="200", handler="/things/{thing_id}")
    assert ok - before["ok"] == 2
    missing = _sample("http_requests_total", method="GET", status="404", handler="none")
    assert missing - before["missing"] == 1
    health = _sample("http_requests_total", method="GET", status="200", handler="/healthz")
    assert health == before["health"]  # excluded
    timed = _sample(
        "http_request_duration_seconds_count", method="GET", handler="/things/{thing_id}"
    )
    assert timed - before["slow"] == 2
    sizes = _sample("http_response_size_bytes_sum", handler="/things/{thing_id}")
    assert sizes - before["sizes"] == 2 * len(b'{"thing_id":"a"}')

import asyncio

import httpx
import pytest
from fastapi import APIRouter

from returners_platform.clock import system_clock
from returners_platform.service import app as app_module
from returners_platform.service import runtime
from returners_platform.service.app import create_service_app
from returners_platform.service.settings import ServiceSettings


class _NoRuntime:
    async def __aenter__(self) -> "_NoRuntime":
        return self

    async def __aexit__(self, *_: object) -> None:
        return None


async def test_an_unreachable_database_is_a_503_with_retry_after_not_a_500(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(app_module, "Runtime", lambda *_, **__: _NoRuntime())
    router = APIRouter()

    @router.get("/boom")
    async def boom() -> None:
        raise ConnectionRefusedError("postgres is down")

    app = create_service_app(
        settings=ServiceSettings(service_name="t", port=1),
        description="t",
        migrations=None,
        routers=[router],
        clock=system_clock,
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.get("/boom")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "dependency_unavailable"


async def test_background_work_that_ran_a_while_restarts_without_its_old_delay(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = [0.0]
    delays: list[float] = []
    runs = [0.0, 0.0, 0.0, 120.0, 0.0]  # how long each run lasts before it crashes

    async def work() -> None:
        clock[0] += runs.pop(0)
        if not runs:
            raise asyncio.CancelledError
        raise RuntimeError("crash")

    async def sleep(seconds: float) -> None:
        delays.append(seconds)

    monkeypatch.setattr(runtime.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(runtime.asyncio, "sleep", sleep)
    with pytest.raises(asyncio.CancelledError):
        await runtime._supervised("t", work)
    assert delays == [0.5, 1.0, 2.0, 0.5]

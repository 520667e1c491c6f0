"""The FastAPI application every service builds: middleware, errors, health and metrics."""

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from returners_platform.clock import Clock, ShiftableClock, system_clock
from returners_platform.messaging.consumer import HandlerRegistry
from returners_platform.service import clock_admin, problems
from returners_platform.service.http_metrics import instrument_http
from returners_platform.service.logging import configure_logging
from returners_platform.service.middleware import BodySizeLimitMiddleware, CorrelationMiddleware
from returners_platform.service.runtime import Runtime
from returners_platform.service.settings import ServiceSettings

health_router = APIRouter(tags=["health"])

# Answers any route can give, whatever it does: documented once for all of them.
COMMON_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "The request could not be parsed"},
    413: {"description": "The body is larger than the service accepts"},
    503: {"description": "The database or Kafka is unreachable for now; try again"},
}


@health_router.get("/healthz", summary="The process is alive")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@health_router.get(
    "/readyz",
    summary="The database and Kafka are reachable",
    responses={503: {"description": "A dependency is unreachable"}},
)
async def readyz(request: Request) -> JSONResponse:
    runtime: Runtime = request.app.state.runtime
    checks = await runtime.readiness()
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status_code=200 if ready else 503,
    )


@health_router.get("/metrics", summary="Prometheus metrics", response_class=Response)
async def prometheus_metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


@dataclass(frozen=True)
class ScheduledJob:
    """A service's scheduled job: ``one_pass(pool, clock=..., source=...)`` when the service
    starts and then every ``every_seconds`` after the last pass ended (``source``, the
    service's event source, only for a pass that publishes). A pass that needs more is given
    it with ``functools.partial``."""

    name: str
    every_seconds: float
    one_pass: Callable[..., Awaitable[object]]
    publishes: bool = True

    def schedule(self, runtime: Runtime) -> None:
        publishing = {"source": runtime.source} if self.publishes else {}
        one_pass = partial(self.one_pass, runtime.pool, clock=runtime.clock, **publishing)
        runtime.every(self.name, self.every_seconds, one_pass)


def create_service_app(
    *,
    settings: ServiceSettings,
    description: str,
    migrations: Path | None,
    handlers: HandlerRegistry | None = None,
    routers: Sequence[APIRouter],
    jobs: Sequence[ScheduledJob] = (),
    clock: Clock | None = None,
    on_started: Callable[[FastAPI, Runtime], Awaitable[None]] | None = None,
) -> FastAPI:
    """The app, titled for the service: ``app.state`` holds the settings, the clock and (once
    started) the runtime, which runs ``migrations``, consumes with ``handlers`` and schedules
    the ``jobs``; ``on_started(app, runtime)`` starts any other background work of the
    service's own. The clock is the settings' (``service_clock``) unless a test gives one; the
    runtime passes it on."""
    configure_logging(settings.service_name, settings.log_level)
    clock = clock or service_clock(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with Runtime(settings, migrations=migrations, handlers=handlers, clock=clock) as rt:
            app.state.runtime = rt
            for job in jobs:
                job.schedule(rt)
            if on_started is not None:
                await on_started(app, rt)
            yield

    app = FastAPI(
        title=f"Returners {settings.service_name} service",
        description=description,
        version="1.0.0",
        lifespan=lifespan,
        responses=COMMON_RESPONSES,
    )
    app.state.settings = settings
    app.state.clock = clock
    problems.install(app)
    instrument_http(app)
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(CorrelationMiddleware)
    app.include_router(health_router)
    for router in routers:
        app.include_router(router)
    if isinstance(clock, ShiftableClock):
        app.include_router(clock_admin.router)
    return app


def service_clock(settings: ServiceSettings) -> Clock:
    """The system clock; a movable one where the settings allow it (local and test only),
    starting ``clock_start_days`` from the system time."""
    if not settings.clock_adjustable:
        return system_clock
    return ShiftableClock(timedelta(days=settings.clock_start_days))

"""The composition root of the API process: settings, runtime, background loops, routes.

The projections themselves are kept by the faust worker (``reporting.worker``, run as a
supervised child unless ``run_worker`` is off); this process serves them, gathers platform
health and exports both on ``/metrics``.
"""

from functools import partial
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from reporting.api.routes import dashboard, platform, reports
from reporting.config import Settings
from reporting.loops import faust_worker, programme_figures
from reporting.loops.platform_health import PlatformHealthMonitor
from returners_platform.clock import Clock
from returners_platform.service.app import ScheduledJob, create_service_app
from returners_platform.service.runtime import Runtime

MIGRATIONS = Path(__file__).parent / "migrations"


async def _start_background(settings: Settings, app: FastAPI, runtime: Runtime) -> None:
    monitor = PlatformHealthMonitor(settings, runtime.pool)
    app.state.health_monitor = monitor
    runtime.spawn("platform-health", monitor.run)
    if settings.run_worker:
        runtime.spawn("faust-worker", partial(faust_worker.run, settings))


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings()
    app = create_service_app(
        settings=settings,
        description="Programme figures (funnel and breakdowns) from the event log, the "
        "operations dashboard, and platform health.",
        migrations=MIGRATIONS,
        routers=[reports.router, platform.router, dashboard.router],
        jobs=[
            ScheduledJob(
                "programme-figures",
                settings.figures_refresh_seconds,
                programme_figures.refresh_figures,
                publishes=False,
            )
        ],
        clock=clock,
        on_started=partial(_start_background, settings),
    )
    app.mount(
        "/dashboard/assets", StaticFiles(directory=dashboard.ASSETS_DIR), name="dashboard-assets"
    )
    return app

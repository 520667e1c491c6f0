"""The composition root: settings, clock, runtime (database, Kafka, relay, consumer), the
results-day and retention jobs, routes.

``create_app(settings, clock=...)`` is the override hook tests need: the clock reaches the
routes, the handlers (through their units of work) and the scheduled jobs.
"""

from functools import partial
from pathlib import Path

from fastapi import FastAPI

from returners_platform.clock import Clock
from returners_platform.contracts.envelope import EventData
from returners_platform.service.app import create_service_app
from returners_platform.service.runtime import Runtime
from returners_platform.service.subject_access import subject_access_router
from selection.api.routes import (
    admin,
    assessment_results,
    internal,
    interviews,
    slots,
)
from selection.config import Settings
from selection.handlers import EVENT_HANDLERS
from selection.loops import results_day, retention
from selection.store import subject_access

MIGRATIONS = Path(__file__).parent / "migrations"
# What this service consumes: the events its handler registry handles.
CONSUMES: frozenset[type[EventData]] = frozenset(EVENT_HANDLERS)


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings()

    async def start_jobs(app: FastAPI, runtime: Runtime) -> None:
        for name, one_pass, seconds in (
            ("results-day", results_day.decide_due, settings.results_check_seconds),
            ("retention", retention.erase_due, settings.retention_interval_seconds),
        ):
            runtime.every(
                name,
                seconds,
                partial(one_pass, runtime.pool, source=runtime.source, clock=runtime.clock),
            )

    return create_service_app(
        settings=settings,
        description="Assessment, video interviews and ranking to a programme's places; the "
        "waitlist.",
        migrations=MIGRATIONS,
        handlers=EVENT_HANDLERS,
        routers=[
            admin.router,
            assessment_results.router,
            slots.router,
            interviews.router,
            subject_access_router("candidates", subject_access.export),
            internal.router,
        ],
        clock=clock,
        on_started=start_jobs,
    )

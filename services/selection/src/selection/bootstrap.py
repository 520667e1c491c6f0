"""The composition root: settings, clock, runtime (database, Kafka, relay, consumer), the
results-day and retention jobs, routes."""

from pathlib import Path

from fastapi import FastAPI

from returners_platform.clock import Clock
from returners_platform.service.app import ScheduledJob, create_service_app
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


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """The app; ``clock`` is the override hook tests need: it reaches the routes, the handlers
    (through their units of work) and the scheduled jobs."""
    settings = settings or Settings()
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
        jobs=[
            ScheduledJob("results-day", settings.results_check_seconds, results_day.decide_due),
            ScheduledJob("retention", settings.retention_interval_seconds, retention.erase_due),
        ],
        clock=clock,
    )

"""The composition root: settings, clock, runtime (database, Kafka, relay, consumer), the
retention job, routes."""

from pathlib import Path

from fastapi import FastAPI

from returners_platform.clock import Clock
from returners_platform.service.app import ScheduledJob, create_service_app
from returners_platform.service.subject_access import subject_access_router
from training.api.routes import admin, hours, internal, placements, provider
from training.config import Settings
from training.handlers import EVENT_HANDLERS
from training.loops import retention
from training.store import subject_access

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """The app; ``clock`` is the override hook tests need: it reaches the routes, the handlers
    (through their units of work) and the retention job."""
    settings = settings or Settings()
    return create_service_app(
        settings=settings,
        description="Placements after an accepted offer: conditions, start, logged hours, "
        "completion, the updating record (PDF) and re-registration.",
        migrations=MIGRATIONS,
        handlers=EVENT_HANDLERS,
        routers=[
            placements.router,
            hours.router,
            provider.router,
            admin.router,
            subject_access_router("placements", subject_access.export),
            internal.router,
        ],
        jobs=[ScheduledJob("retention", settings.retention_interval_seconds, retention.erase_due)],
        clock=clock,
    )

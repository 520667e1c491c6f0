"""The composition root: settings, clock, runtime (database, Kafka, relay, consumer), the
offer-expiry job, routes."""

from pathlib import Path

from fastapi import FastAPI

from matching.api.routes import admin_councils, council_offers, programmes, vacancies
from matching.config import Settings
from matching.handlers import EVENT_HANDLERS
from matching.loops import offer_expiry
from matching.store import subject_access
from returners_platform.clock import Clock
from returners_platform.service.app import ScheduledJob, create_service_app
from returners_platform.service.subject_access import subject_access_router

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """The app; ``clock`` is the override hook tests need: it reaches the routes
    (``app.state.clock``), the event handlers and the offer-expiry job."""
    settings = settings or Settings()
    return create_service_app(
        settings=settings,
        description="Programmes, eligibility, councils and vacancies, stable placement "
        "matching, offers and hires.",
        migrations=MIGRATIONS,
        handlers=EVENT_HANDLERS,
        routers=[
            programmes.router,
            admin_councils.router,
            vacancies.router,
            council_offers.router,
            subject_access_router("applicants", subject_access.export),
        ],
        jobs=[
            ScheduledJob(
                "offer-expiry",
                settings.offer_expiry_interval_seconds,
                offer_expiry.expire_due_offers,
            )
        ],
        clock=clock,
    )

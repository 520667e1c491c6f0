"""The composition root: settings, clock, runtime (database, Kafka, relay, consumer), the
offer-expiry job, routes.

``create_app(settings, clock=...)`` is the one override hook tests need: the clock reaches
the routes (``app.state.clock``), the event handlers and the offer-expiry job.
"""

from functools import partial
from pathlib import Path

from fastapi import FastAPI

from matching.api.routes import admin_councils, council_offers, programmes, vacancies
from matching.config import Settings
from matching.handlers import EVENT_HANDLERS
from matching.loops import offer_expiry
from matching.store import subject_access
from returners_platform.clock import Clock
from returners_platform.contracts.envelope import EventData
from returners_platform.service.app import create_service_app
from returners_platform.service.runtime import Runtime
from returners_platform.service.subject_access import subject_access_router

MIGRATIONS = Path(__file__).parent / "migrations"
# What this service consumes: the events its handler registry handles.
CONSUMES: frozenset[type[EventData]] = frozenset(EVENT_HANDLERS)


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings()

    async def start_jobs(app: FastAPI, runtime: Runtime) -> None:
        runtime.every(
            "offer-expiry",
            settings.offer_expiry_interval_seconds,
            partial(
                offer_expiry.expire_due_offers,
                runtime.pool,
                source=runtime.source,
                clock=runtime.clock,
            ),
        )

    app = create_service_app(
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
        clock=clock,
        on_started=start_jobs,
    )
    return app

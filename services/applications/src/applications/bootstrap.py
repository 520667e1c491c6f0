"""The composition root: settings, runtime (database, Kafka, relay, consumer), routes."""

from datetime import timedelta
from functools import partial
from pathlib import Path

from fastapi import FastAPI

from applications.api.rate_limit import RateLimiter
from applications.api.routes import (
    applications,
    drafts,
    equality,
    internal,
    interview,
    offers,
    programmes,
    references,
    retention,
    sign_in,
)
from applications.config import Settings
from applications.handlers import EVENT_HANDLERS
from applications.loops import expiry, idempotency_responses
from applications.loops import retention as retention_job
from applications.selection_api import feedback_lookup
from applications.store import subject_access
from applications.store.idempotency import IdempotencyStore
from applications.store.programmes import ProgrammeWindows
from applications.store.status_changes import StatusChanges
from returners_platform.clock import Clock
from returners_platform.service.app import ScheduledJob, create_service_app
from returners_platform.service.runtime import Runtime
from returners_platform.service.subject_access import subject_access_router

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """``clock`` is the override hook tests need (the settings' clock by default)."""
    settings = settings or Settings()
    status_changes = StatusChanges()
    idempotency = IdempotencyStore(
        settings.idempotency_encryption_key, timedelta(hours=settings.idempotency_window_hours)
    )

    async def start(app: FastAPI, runtime: Runtime) -> None:
        runtime.spawn("status-changes", partial(status_changes.follow, settings.database_url))
        app.state.feedback = await runtime.hold(
            feedback_lookup(
                settings.selection_base_url,
                settings.selection_internal_token,
                settings.selection_timeout_seconds,
            )
        )

    app = create_service_app(
        settings=settings,
        description="The applicant portal API. The only home of applicants' personal data.",
        migrations=MIGRATIONS,
        handlers=EVENT_HANDLERS,
        routers=[
            applications.router,
            offers.router,
            interview.router,
            references.router,
            drafts.router,
            sign_in.router,
            programmes.router,
            retention.router,
            equality.router,
            subject_access_router("applications", subject_access.export),
            internal.router,
        ],
        jobs=[
            ScheduledJob(
                "idempotency-responses",
                idempotency_responses.EVERY_SECONDS,
                partial(idempotency_responses.forget_expired, store=idempotency),
                publishes=False,
            ),
            ScheduledJob(
                "portal-expiry", expiry.EVERY_SECONDS, expiry.forget_expired, publishes=False
            ),
            ScheduledJob(
                "retention",
                settings.retention_interval_seconds,
                partial(retention_job.erase_due, batch=settings.retention_batch_size),
            ),
        ],
        clock=clock,
        on_started=start,
    )
    app.state.idempotency = idempotency
    app.state.status_changes = status_changes
    app.state.programme_windows = ProgrammeWindows()
    app.state.submission_limiter = RateLimiter("submissions", settings.submissions_per_minute)
    app.state.sign_in_limiter = RateLimiter(
        "sign-in link requests", settings.sign_in_requests_per_minute
    )
    return app

"""What an applicant sees of their application: its status, decision, offers and timeline."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from applications.domain.status import ApplicationStatus
from applications.store import offers, timeline
from applications.store.applications import Application
from applications.store.offers import Offer
from applications.store.timeline import TimelineEntry
from applications.use_cases.access import authorise
from returners_platform.messaging.unit_of_work import Db


@dataclass(frozen=True)
class StatusView:
    application_id: UUID
    programme_id: str
    status: ApplicationStatus
    submitted_at: datetime
    eligibility: dict[str, Any] | None
    offers: list[Offer]
    timeline: list[TimelineEntry]
    personal_data_erased: bool
    selection: dict[str, Any] | None = None  # programmes with selection: where it has got
    feedback: list[str] | None = None  # the panel's, once the results are out


Feedback = Callable[[UUID], Awaitable[list[str] | None]]


async def status_view(db: Db, application: Application) -> StatusView:
    return StatusView(
        application_id=application.application_id,
        programme_id=application.programme_id,
        status=application.status,
        submitted_at=application.submitted_at,
        eligibility=application.eligibility,
        offers=await offers.of_application(db, application.application_id),
        timeline=await timeline.of_application(db, application.application_id),
        personal_data_erased=application.erased_at is not None,
        selection=application.selection,
    )


async def application_status(
    pool: asyncpg.Pool,
    application_id: UUID,
    access_token: str,
    now: datetime,
    feedback: Feedback,
) -> StatusView:
    """The status view of the application if ``access_token`` is its token; else NotFound.

    A read on a pooled connection outside any transaction: no row lock and no commit. (A
    locking read made every status poll a durable write, and queued it behind the consumer
    recording a decision on the same row; and under READ COMMITTED a transaction would not
    give the view's queries one snapshot anyway.)
    """
    async with pool.acquire() as conn:
        application = await authorise(conn, application_id, access_token, now, lock=False)
        view = await status_view(conn, application)
    if (application.selection or {}).get("outcome"):
        view = replace(view, feedback=await feedback(application_id))
    return view

"""What an applicant sees of their application: its status, decision, offers and timeline."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from uuid import UUID

import asyncpg

from applications.store import offers, placements, references, timeline
from applications.store.applications import Application
from applications.store.offers import Offer
from applications.store.placements import Placement
from applications.store.references import Reference
from applications.store.timeline import TimelineEntry
from applications.use_cases.access import authorise
from returners_platform.messaging.unit_of_work import Db


@dataclass(frozen=True)
class StatusView:
    """An application as its applicant sees it: the application, its offers and timeline,
    (programmes with selection, once the results are out) the panel's feedback, the placement
    its accepted offer opened, and its references (where each stands, never what the referee
    wrote)."""

    application: Application
    offers: list[Offer]
    timeline: list[TimelineEntry]
    feedback: list[str] | None = None
    placement: Placement | None = None
    references: list[Reference] = field(default_factory=list)


Feedback = Callable[[UUID], Awaitable[list[str] | None]]


async def status_view(db: Db, application: Application) -> StatusView:
    return StatusView(
        application,
        offers=await offers.of_application(db, application.application_id),
        timeline=await timeline.of_application(db, application.application_id),
        placement=await placements.latest_of_application(db, application.application_id),
        references=await references.of_application(db, application.application_id),
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

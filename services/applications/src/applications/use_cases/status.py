"""What an applicant sees of their application: its status, decision, offers and timeline."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from uuid import UUID

import asyncpg

from applications.store import applications
from applications.store.applications import Application, Records
from applications.store.offers import Offer
from applications.store.placements import Placement
from applications.store.references import Reference
from applications.store.timeline import TimelineEntry
from applications.use_cases.access import NOT_FOUND
from returners_platform.errors import found
from returners_platform.messaging.unit_of_work import Db
from returners_platform.service.auth import token_hash


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

    @classmethod
    def of(cls, application: Application, records: Records) -> "StatusView":
        return cls(
            application,
            offers=records.offers,
            timeline=records.timeline,
            placement=records.placement,
            references=records.references,
        )


Feedback = Callable[[UUID], Awaitable[list[str] | None]]


async def status_view(db: Db, application: Application) -> StatusView:
    """The view of ``application`` as read already (its records read now, in one statement)."""
    return StatusView.of(application, await applications.records_of(db, application.application_id))


async def application_status(
    pool: asyncpg.Pool,
    application_id: UUID,
    access_token: str,
    now: datetime,
    feedback: Feedback,
) -> StatusView:
    """The status view of the application if ``access_token`` is its token; else NotFound.

    One statement on a pooled connection outside any transaction, so one round trip and one
    snapshot: no row lock and no commit. (A locking read made every status poll a durable
    write, and queued it behind the consumer recording a decision on the same row.) The
    poll runs in the process whose relay and consumer carry the decision it waits for, so
    each round trip it saves is taken off their critical path too.
    """
    async with pool.acquire() as conn:
        application, records = found(
            await applications.authorised_with_records(
                conn, application_id, token_hash(access_token), now
            ),
            NOT_FOUND,
        )
    view = StatusView.of(application, records)
    if (application.selection or {}).get("outcome"):
        view = replace(view, feedback=await feedback(application_id))
    return view

"""Table ``selection_decisions``: each applicant's ``selection.decided`` event as it came (ids,
codes and scores only), until a council offers them a placement and may receive it."""

from dataclasses import dataclass
from uuid import UUID

from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import one, run


@dataclass(frozen=True)
class StoredEvent:
    event_id: str
    event_type: str
    correlation_id: str
    body: str


async def lock(db: Db, application_id: UUID) -> None:
    """Serialise this applicant's result and offers (they come on different topics, handled
    at the same time): whichever transaction comes second sees what the first committed."""
    await run(
        db, "SELECT pg_advisory_xact_lock(hashtextextended($1::text, 7))", str(application_id)
    )


async def remember(db: Db, application_id: UUID, event: StoredEvent) -> None:
    await run(
        db,
        "INSERT INTO selection_decisions (application_id, event_id, event_type, correlation_id,"
        " body) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (application_id) DO UPDATE SET"
        " event_id = EXCLUDED.event_id, event_type = EXCLUDED.event_type,"
        " correlation_id = EXCLUDED.correlation_id, body = EXCLUDED.body",
        application_id,
        event.event_id,
        event.event_type,
        event.correlation_id,
        event.body,
    )


async def of(db: Db, application_id: UUID) -> StoredEvent | None:
    return await one(
        db,
        StoredEvent,
        "SELECT event_id, event_type, correlation_id, body FROM selection_decisions"
        " WHERE application_id = $1",
        application_id,
    )


async def forget(db: Db, application_id: UUID) -> None:
    await run(db, "DELETE FROM selection_decisions WHERE application_id = $1", application_id)

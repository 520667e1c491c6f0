"""Assessment results from the provider: one row per application and attempt."""

from datetime import datetime
from uuid import UUID

from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import value


async def insert(db: Db, application_id: UUID, attempt: int, score: float, at: datetime) -> bool:
    """Record a result; False if that attempt of that application is already recorded."""
    inserted = await value(
        db,
        "INSERT INTO assessment_results (application_id, attempt, score, recorded_at)"
        " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING true",
        application_id,
        attempt,
        score,
        at,
    )
    return bool(inserted)


async def recorded_score(db: Db, application_id: UUID, attempt: int) -> float | None:
    score: float | None = await value(
        db,
        "SELECT score FROM assessment_results WHERE application_id = $1 AND attempt = $2",
        application_id,
        attempt,
    )
    return score

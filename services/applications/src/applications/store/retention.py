"""When applications' personal data is due to be erased, and what was erased when (ids and
dates only). The due date itself is set with the status (``applications.refresh_status``)."""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from returners_platform.contracts.retention import ErasureReason, RetentionPurpose
from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import converting, many, values


@dataclass(frozen=True)
class DueCount:
    on: date  # the day (UTC) the data falls due
    purpose: RetentionPurpose
    applicants: int


@dataclass(frozen=True)
class Erasure:
    application_id: UUID
    erased_at: datetime
    reason: ErasureReason


async def lock_due(db: Db, now: datetime, limit: int) -> list[UUID]:
    """Up to ``limit`` applications due for erasure, locked; rows another transaction holds
    are skipped, so replicas running the job at once take different applicants."""
    return await values(
        db,
        "SELECT application_id FROM applications"
        " WHERE erased_at IS NULL AND erase_after <= $1"
        " ORDER BY erase_after, application_id LIMIT $2 FOR UPDATE SKIP LOCKED",
        now,
        limit,
    )


async def due_counts(db: Db, programme_id: str) -> list[DueCount]:
    return await many(
        db,
        converting(DueCount, purpose=RetentionPurpose),
        "SELECT (erase_after AT TIME ZONE 'UTC')::date AS on, retention_purpose AS purpose,"
        " count(*)::int AS applicants FROM applications"
        " WHERE programme_id = $1 AND erased_at IS NULL AND erase_after IS NOT NULL"
        " GROUP BY 1, 2 ORDER BY 1, 2",
        programme_id,
    )


async def erasures(db: Db, programme_id: str, limit: int) -> list[Erasure]:
    """The programme's erasures, latest first (before reasons were kept, only requests
    erased)."""
    return await many(
        db,
        converting(Erasure, reason=ErasureReason),
        "SELECT application_id, erased_at, coalesce(erasure_reason, 'request') AS reason"
        " FROM applications WHERE programme_id = $1 AND erased_at IS NOT NULL"
        " ORDER BY erased_at DESC, application_id LIMIT $2",
        programme_id,
        limit,
    )

"""When applications' personal data is due to be erased, and what was erased when (ids and
dates only). The due date itself is set with the status (``applications.refresh_status``)."""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from returners_platform.contracts.retention import ErasureReason, RetentionPurpose
from returners_platform.messaging.unit_of_work import Db, connection_of


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
    rows = await connection_of(db).fetch(
        "SELECT application_id FROM applications"
        " WHERE erased_at IS NULL AND erase_after <= $1"
        " ORDER BY erase_after, application_id LIMIT $2 FOR UPDATE SKIP LOCKED",
        now,
        limit,
    )
    return [row["application_id"] for row in rows]


async def due_counts(db: Db, programme_id: str) -> list[DueCount]:
    rows = await connection_of(db).fetch(
        "SELECT (erase_after AT TIME ZONE 'UTC')::date AS on, retention_purpose AS purpose,"
        " count(*)::int AS applicants FROM applications"
        " WHERE programme_id = $1 AND erased_at IS NULL AND erase_after IS NOT NULL"
        " GROUP BY 1, 2 ORDER BY 1, 2",
        programme_id,
    )
    return [
        DueCount(row["on"], RetentionPurpose(row["purpose"]), row["applicants"]) for row in rows
    ]


async def erasures(db: Db, programme_id: str, limit: int) -> list[Erasure]:
    """The programme's erasures, latest first (before reasons were kept, only requests
    erased)."""
    rows = await connection_of(db).fetch(
        "SELECT application_id, erased_at, coalesce(erasure_reason, 'request') AS reason"
        " FROM applications WHERE programme_id = $1 AND erased_at IS NOT NULL"
        " ORDER BY erased_at DESC, application_id LIMIT $2",
        programme_id,
        limit,
    )
    return [
        Erasure(row["application_id"], row["erased_at"], ErasureReason(row["reason"]))
        for row in rows
    ]

"""The applicant's timeline: every step, with when it happened and its details."""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import converting, many, run


@dataclass(frozen=True)
class TimelineEntry:
    type: str
    at: datetime
    details: dict[str, Any]


async def add(
    db: Db,
    application_id: UUID,
    entry_type: str,
    at: datetime,
    details: dict[str, Any] | None = None,
) -> None:
    await run(
        db,
        "INSERT INTO timeline_entries (application_id, type, at, details)"
        " VALUES ($1, $2, $3, $4::jsonb)",
        application_id,
        entry_type,
        at,
        json.dumps(details or {}),
    )


async def of_application(db: Db, application_id: UUID) -> list[TimelineEntry]:
    return await many(
        db,
        converting(TimelineEntry, details=json.loads),
        "SELECT type, at, details FROM timeline_entries WHERE application_id = $1 ORDER BY at, id",
        application_id,
    )

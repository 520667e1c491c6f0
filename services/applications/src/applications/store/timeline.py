"""The applicant's timeline: every step, with when it happened and its details."""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from returners_platform.messaging.unit_of_work import Db, connection_of


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
    await connection_of(db).execute(
        "INSERT INTO timeline_entries (application_id, type, at, details)"
        " VALUES ($1, $2, $3, $4::jsonb)",
        application_id,
        entry_type,
        at,
        json.dumps(details or {}),
    )


async def of_application(db: Db, application_id: UUID) -> list[TimelineEntry]:
    rows = await connection_of(db).fetch(
        "SELECT type, at, details FROM timeline_entries WHERE application_id = $1 ORDER BY at, id",
        application_id,
    )
    return [TimelineEntry(r["type"], r["at"], json.loads(r["details"])) for r in rows]

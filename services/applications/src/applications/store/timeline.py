"""The applicant's timeline: every step, with when it happened and its details."""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from applications.store import records
from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import converting, run


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


_COLUMNS = "type, at, details"
_NAMES = records.names(_COLUMNS)
_entry = converting(TimelineEntry, details=json.loads)


def as_records(application_id: str) -> str:
    """SQL: the timeline of the application ``application_id`` names (an expression of the
    enclosing statement), in order, as an array of records (read by ``from_records``)."""
    return records.array_of(_COLUMNS, "timeline_entries", application_id, "at, id")


def from_records(entries: Iterable[Sequence[Any]]) -> list[TimelineEntry]:
    return records.read_all(_entry, _NAMES, entries)

"""Hours entries: written once, never updated (but a note erased); a correction is a new
entry that supersedes one other."""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from returners_platform.contracts.vocabulary import HoursKind, HoursLoggedBy
from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import converting, many, one, value
from training.domain.hours import Entry


@dataclass(frozen=True)
class LoggedEntry:
    entry_id: UUID
    placement_id: UUID
    kind: HoursKind
    hours: float
    worked_on: date
    supersedes: UUID | None
    logged_by: HoursLoggedBy
    note: str | None
    logged_at: datetime
    superseded_by: UUID | None

    def as_entry(self) -> Entry:
        return Entry(
            self.entry_id,
            self.kind,
            self.hours,
            self.worked_on,
            self.supersedes,
            self.logged_by,
            self.logged_at,
        )


_entry = converting(LoggedEntry, kind=HoursKind, logged_by=HoursLoggedBy)
_SELECT = (
    "SELECT e.entry_id, e.placement_id, e.kind, e.hours, e.worked_on, e.supersedes,"
    " e.logged_by, e.note, e.logged_at,"
    " (SELECT s.entry_id FROM hour_entries s WHERE s.supersedes = e.entry_id) AS superseded_by"
    " FROM hour_entries e"
)


async def insert(
    db: Db,
    *,
    entry_id: UUID,
    placement_id: UUID,
    kind: HoursKind,
    hours: float,
    worked_on: date,
    supersedes: UUID | None,
    logged_by: HoursLoggedBy,
    note: str | None,
    at: datetime,
) -> bool:
    """False if the entry it supersedes is superseded already (a chain has one end)."""
    inserted = await value(
        db,
        "INSERT INTO hour_entries (entry_id, placement_id, kind, hours, worked_on, supersedes,"
        " logged_by, note, logged_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        " ON CONFLICT (supersedes) DO NOTHING RETURNING true",
        entry_id,
        placement_id,
        kind.value,
        hours,
        worked_on,
        supersedes,
        logged_by.value,
        note,
        at,
    )
    return bool(inserted)


async def of_placement(db: Db, placement_id: UUID) -> list[LoggedEntry]:
    return await many(
        db,
        _entry,
        f"{_SELECT} WHERE e.placement_id = $1 ORDER BY e.worked_on, e.logged_at, e.entry_id",
        placement_id,
    )


async def get(db: Db, placement_id: UUID, entry_id: UUID) -> LoggedEntry | None:
    return await one(
        db,
        _entry,
        f"{_SELECT} WHERE e.placement_id = $1 AND e.entry_id = $2",
        placement_id,
        entry_id,
    )

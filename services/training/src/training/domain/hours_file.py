"""A council's hours file (CSV), read into entries and per-row errors.

The header must be ``application_id,on,hours,kind`` (in that order; a ``note`` column may
follow): a different header refuses the whole file. Each further line is one entry; a line
that cannot be read is reported by its line number (the header is line 1) and field, and the
others still count.
"""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from returners_platform.contracts.vocabulary import HoursKind
from returners_platform.csv_file import RowError, UnreadableFile, read_rows
from training.domain.hours import MAX_HOURS_PER_ENTRY

__all__ = ["HEADER", "MAX_ROWS", "Row", "RowError", "UnreadableFile", "read", "row_of"]

HEADER = ["application_id", "on", "hours", "kind"]
OPTIONAL = ["note"]
MAX_ROWS = 10_000
MAX_NOTE = 500


@dataclass(frozen=True)
class Row:
    row: int  # its line in the file (the header is 1)
    application_id: UUID
    worked_on: date
    hours: float
    kind: HoursKind
    note: str | None = None


def read(text: str) -> tuple[list[Row], list[RowError]]:
    return read_rows(
        text, headers=[HEADER, HEADER + OPTIONAL], max_rows=MAX_ROWS, parse=row_of, what="entries"
    )


def row_of(number: int, cells: list[str]) -> Row | RowError:
    raw_id, raw_on, raw_hours, raw_kind, *rest = cells
    try:
        application_id = UUID(raw_id)
    except ValueError:
        return RowError(number, "application_id", "is not an application id")
    try:
        worked_on = date.fromisoformat(raw_on)
    except ValueError:
        return RowError(number, "on", "is not a date (YYYY-MM-DD)")
    try:
        hours = float(raw_hours)
    except ValueError:
        return RowError(number, "hours", "is not a number")
    if not 0 < hours <= MAX_HOURS_PER_ENTRY:
        return RowError(number, "hours", f"must be more than 0 and at most {MAX_HOURS_PER_ENTRY}")
    try:
        kind = HoursKind(raw_kind)
    except ValueError:
        return RowError(number, "kind", f"must be one of {', '.join(HoursKind)}")
    note = rest[0] if rest and rest[0] else None
    if note is not None and (len(note) > MAX_NOTE or any(ord(c) < 32 for c in note)):
        return RowError(number, "note", f"must be plain text of at most {MAX_NOTE} characters")
    return Row(number, application_id, worked_on, hours, kind, note)

"""An assessment provider's results file (CSV), read into results and per-row errors.

The header must be exactly ``application_id,score,attempt`` (a different header is a
structural error: the whole file is refused). Each further row is one result; a row that
cannot be read is reported by its number (the header is row 1) and field, and the others
still count.
"""

import csv
import io
from dataclasses import dataclass
from uuid import UUID

HEADER = ["application_id", "score", "attempt"]
MAX_ROWS = 10_000


class UnreadableFile(ValueError):
    """The file as a whole cannot be read as a results file."""


@dataclass(frozen=True)
class Row:
    row: int  # its line in the file (the header is 1)
    application_id: UUID
    score: float
    attempt: int


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str


def read(text: str) -> tuple[list[Row], list[RowError]]:
    lines = list(csv.reader(io.StringIO(text)))
    if not lines or [h.strip() for h in lines[0]] != HEADER:
        raise UnreadableFile(f"the first line must be exactly {','.join(HEADER)}")
    if len(lines) - 1 > MAX_ROWS:
        raise UnreadableFile(f"at most {MAX_ROWS} results in one file")
    rows: list[Row] = []
    errors: list[RowError] = []
    for number, cells in enumerate(lines[1:], start=2):
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != len(HEADER):
            errors.append(RowError(number, "row", f"has {len(cells)} fields, not {len(HEADER)}"))
            continue
        parsed = _row(number, [c.strip() for c in cells])
        (errors if isinstance(parsed, RowError) else rows).append(parsed)  # type: ignore[arg-type]
    return rows, errors


def _row(number: int, cells: list[str]) -> Row | RowError:
    raw_id, raw_score, raw_attempt = cells
    try:
        application_id = UUID(raw_id)
    except ValueError:
        return RowError(number, "application_id", "is not an application id")
    try:
        score = float(raw_score)
    except ValueError:
        return RowError(number, "score", "is not a number")
    if not raw_attempt.isdigit() or int(raw_attempt) < 1:
        return RowError(number, "attempt", "must be a whole number from 1")
    return Row(number, application_id, score, int(raw_attempt))

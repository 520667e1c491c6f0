"""An assessment provider's results file (CSV), read into results and per-row errors.

The header must be exactly ``application_id,score,attempt`` (a different header is a
structural error: the whole file is refused). Each further row is one result; a row that
cannot be read is reported by its number (the header is row 1) and field, and the others
still count.
"""

from dataclasses import dataclass
from uuid import UUID

from returners_platform.csv_file import RowError, UnreadableFile, read_rows

__all__ = ["HEADER", "MAX_ROWS", "Row", "RowError", "UnreadableFile", "read"]

HEADER = ["application_id", "score", "attempt"]
MAX_ROWS = 10_000


@dataclass(frozen=True)
class Row:
    row: int  # its line in the file (the header is 1)
    application_id: UUID
    score: float
    attempt: int


def read(text: str) -> tuple[list[Row], list[RowError]]:
    return read_rows(text, headers=[HEADER], max_rows=MAX_ROWS, parse=_row, what="results")


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

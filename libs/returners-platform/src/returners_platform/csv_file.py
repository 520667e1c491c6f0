"""An uploaded CSV file read into rows and per-row errors, the one way every service reads
one (an assessment provider's results, a council's hours).

The first line must be one of the file's accepted headers (anything else refuses the whole
file, as does a file of more than ``max_rows`` rows). Each further line is one row; a blank
line is skipped; a line that cannot be read is reported by its line number (the header is
line 1) and the field at fault, and the other rows still count.
"""

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["RowError", "UnreadableFile", "read_rows"]

T = TypeVar("T")


class UnreadableFile(ValueError):
    """The file as a whole cannot be read."""


@dataclass(frozen=True)
class RowError:
    row: int  # its line in the file (the header is 1)
    field: str
    message: str


def read_rows(
    text: str,
    *,
    headers: Sequence[Sequence[str]],
    max_rows: int,
    parse: Callable[[int, list[str]], T | RowError],
    what: str,
) -> tuple[list[T], list[RowError]]:
    """The file's rows parsed by ``parse(line_number, stripped_cells)``, and the lines that
    could not be; ``headers`` are the accepted header lines (the first is named in the
    refusal), ``what`` names a row in it ("results")."""
    lines = list(csv.reader(io.StringIO(text)))
    header = [h.strip() for h in lines[0]] if lines else []
    if header not in [list(h) for h in headers]:
        accepted = " or ".join(",".join(h) for h in headers)
        raise UnreadableFile(f"the first line must be exactly {accepted}")
    if len(lines) - 1 > max_rows:
        raise UnreadableFile(f"at most {max_rows} {what} in one file")
    rows: list[T] = []
    errors: list[RowError] = []
    for number, cells in enumerate(lines[1:], start=2):
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            errors.append(RowError(number, "row", f"has {len(cells)} fields, not {len(header)}"))
            continue
        parsed = parse(number, [c.strip() for c in cells])
        if isinstance(parsed, RowError):
            errors.append(parsed)
        else:
            rows.append(parsed)
    return rows, errors

"""Small-number suppression of a table of counts with its totals (statistical disclosure
control), for reports published in aggregate (the equality report).

A table is rows by columns of counts, with each row's total, each column's total and the
grand total. Entries are addressed in the *extended* table, ``(row, column)`` with the totals
last: row ``m`` holds the column totals, column ``n`` the row totals, ``(m, n)`` the grand
total.

Every entry under the threshold (5) is suppressed (primary suppression). Then, while any
suppressed entry could be recovered from what is shown, another entry is suppressed
(secondary suppression): the smallest shown entry of a row or column through it.

"Recovered" is meant exactly: an entry is recoverable when every table of non-negative whole
counts that agrees with everything shown (the shown counts, and every row and column adding
up to its total) has the same value there. That covers a row or column with one entry
suppressed (its total minus the rest), a row whose suppressed entries must all be zero
(their total is 0), and any reasoning across several rows and columns at once. The test is
a cycle search (``recoverable``): a suppressed entry can differ iff it lies on an
alternating cycle of suppressed entries that can move by one without any going negative.
"""

from collections import deque
from collections.abc import Iterable, Sequence

THRESHOLD = 5

Entry = tuple[int, int]  # (row, column) in the extended table, totals last
Grid = tuple[tuple[int, ...], ...]


def extended(cells: Sequence[Sequence[int]]) -> Grid:
    """The table with its totals: each row's total last in the row, the column totals (and
    the grand total) as the last row."""
    rows = [(*row, sum(row)) for row in cells]
    totals = tuple(sum(row[j] for row in rows) for j in range(len(rows[0])))
    return (*rows, totals)


def suppress(
    cells: Sequence[Sequence[int]],
    *,
    also: Iterable[Entry] = (),
    threshold: int = THRESHOLD,
) -> frozenset[Entry]:
    """The entries of the extended table to suppress: each under ``threshold``, those in
    ``also`` (suppressed elsewhere: a total another table shares), and as many more as it
    takes for none to be recoverable."""
    if not cells or not cells[0]:
        raise ValueError("a table needs at least one row and one column")
    grid = extended(cells)
    hidden = set(also) | {e for e in _entries(grid) if grid[e[0]][e[1]] < threshold}
    while pinned := sorted(recoverable(grid, hidden)):
        target = pinned[0]
        shown = [e for e in _entries(grid) if e not in hidden]
        beside = [e for e in shown if e[0] == target[0] or e[1] == target[1]]
        hidden.add(min(beside or shown, key=lambda e: (grid[e[0]][e[1]], _is_total(grid, e), e)))
    return frozenset(hidden)


def recoverable(grid: Grid, hidden: Iterable[Entry]) -> set[Entry]:
    """The suppressed entries whose value what is shown gives away."""
    hidden = set(hidden)
    return {
        e for e in hidden if not (_can_move(grid, hidden, e, +1) or _can_move(grid, hidden, e, -1))
    }


def _entries(grid: Grid) -> list[Entry]:
    return [(i, j) for i in range(len(grid)) for j in range(len(grid[0]))]


def _is_total(grid: Grid, entry: Entry) -> bool:
    return entry[0] == len(grid) - 1 or entry[1] == len(grid[0]) - 1


def _can_change(grid: Grid, entry: Entry, step: int) -> bool:
    """Whether ``entry`` may move by ``step`` in the signed table where every row and column
    adds up to zero: a count is itself there (it may go up, or down if above zero); a row or
    column total is negated (it is the sum the rest must reach), so the other way round; the
    grand total, being on both, is itself."""
    i, j = entry
    last_row, last_column = len(grid) - 1, len(grid[0]) - 1
    value = grid[i][j]
    negated = (i == last_row) != (j == last_column)
    lowers_the_count = (step < 0) != negated
    return value >= 1 if lowers_the_count else True


def _can_move(grid: Grid, hidden: set[Entry], entry: Entry, step: int) -> bool:
    """Whether a table agreeing with everything shown has ``entry`` moved by ``step``: a path
    of suppressed entries from its column back to its row, alternately moving by ``-step``
    (column to row) and ``step`` (row to column), none going negative."""
    if not _can_change(grid, entry, step):
        return False
    row, column = entry
    others = hidden - {entry}
    start, goal = ("column", column), ("row", row)
    seen = {start}
    queue = deque([start])
    while queue:
        kind, index = queue.popleft()
        if kind == "column":
            arcs = [
                (("row", i), (i, index), -step) for i in range(len(grid)) if (i, index) in others
            ]
        else:
            arcs = [
                (("column", j), (index, j), step)
                for j in range(len(grid[0]))
                if (index, j) in others
            ]
        for vertex, via, move in arcs:
            if vertex in seen or not _can_change(grid, via, move):
                continue
            if vertex == goal:
                return True
            seen.add(vertex)
            queue.append(vertex)
    return False

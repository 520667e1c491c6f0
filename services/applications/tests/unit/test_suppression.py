"""Small-number suppression: no count under 5 is shown, and no suppressed count can be worked
out from what is shown."""

import itertools
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from applications.domain.suppression import THRESHOLD, Entry, Grid, extended, recoverable, suppress


def shown(grid: Grid, hidden: frozenset[Entry]) -> list[list[int | None]]:
    return [
        [None if (i, j) in hidden else value for j, value in enumerate(row)]
        for i, row in enumerate(grid)
    ]


def test_a_table_of_large_counts_is_shown_whole() -> None:
    assert suppress([[10, 20], [30, 40]]) == frozenset()


def test_a_small_count_is_suppressed_with_a_second_in_its_row_and_its_column() -> None:
    cells = [[3, 20, 9], [12, 30, 40], [15, 25, 50]]
    hidden = suppress(cells)
    assert (0, 0) in hidden
    assert sum(1 for (i, j) in hidden if i == 0) >= 2  # its row (row total shown)
    assert sum(1 for (i, j) in hidden if j == 0) >= 2  # its column
    assert recoverable(extended(cells), hidden) == set()


def test_the_smallest_shown_count_beside_it_is_the_one_hidden_too() -> None:
    hidden = suppress([[3, 20, 9], [12, 30, 40], [15, 25, 50]])
    assert (0, 2) in hidden  # 9 rather than 20 in its row
    assert (1, 0) in hidden  # 12 rather than 15 in its column


def test_a_total_under_five_is_suppressed_and_so_is_what_would_give_it_away() -> None:
    cells = [[2, 1], [30, 40]]  # row 0 totals 3
    hidden = suppress(cells)
    grid = extended(cells)
    assert {(0, 0), (0, 1), (0, 2)} <= hidden
    assert all(
        grid[i][j] >= THRESHOLD for i, j in set(itertools.product(range(3), range(3))) - hidden
    )
    assert recoverable(grid, hidden) == set()


def test_suppressed_zeros_in_a_row_whose_total_is_shown_are_given_away() -> None:
    grid = extended([[0, 0, 9], [6, 7, 8]])
    # Row 0's total is 9, the 9 is shown: the two hidden entries must both be zero.
    assert recoverable(grid, {(0, 0), (0, 1)}) == {(0, 0), (0, 1)}


def test_suppressed_zeros_are_protected_by_hiding_a_count_that_can_move() -> None:
    cells = [[0, 0, 9], [6, 7, 8], [10, 11, 12]]
    hidden = suppress(cells)
    assert (0, 2) in hidden or (0, 3) in hidden  # the 9 or the row's total
    assert recoverable(extended(cells), hidden) == set()


def test_a_count_joining_two_protected_blocks_is_given_away_by_the_sums_of_both() -> None:
    # Every row and column with a suppressed entry has two or more of them, yet (1, 2) joins
    # two rectangles only through itself: the rows' and columns' sums together pin it.
    cells = [
        [5, 6, 50, 50],
        [7, 8, 9, 50],
        [50, 50, 10, 11],
        [50, 50, 12, 13],
    ]
    hidden = {(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 2), (2, 3), (3, 2), (3, 3)}
    grid = extended(cells)
    assert recoverable(grid, hidden) == {(1, 2)}


def test_an_entry_suppressed_elsewhere_is_suppressed_here_and_protected() -> None:
    cells = [[10, 20], [30, 40]]
    hidden = suppress(cells, also={(2, 0)})  # the first column's total
    assert (2, 0) in hidden
    assert len(hidden) > 1
    assert recoverable(extended(cells), hidden) == set()


def test_a_table_needs_a_row_and_a_column() -> None:
    with pytest.raises(ValueError, match="at least one row"):
        suppress([])


# -- properties --------------------------------------------------------------------------

counts = st.one_of(st.integers(0, 6), st.integers(0, 60))


def tables(max_rows: int = 6, max_columns: int = 7) -> st.SearchStrategy[list[list[int]]]:
    return st.integers(1, max_rows).flatmap(
        lambda m: st.integers(1, max_columns).flatmap(
            lambda n: st.lists(st.lists(counts, min_size=n, max_size=n), min_size=m, max_size=m)
        )
    )


def line_gives_away(
    line: Sequence[int | None], total_at: int, grid_line: Sequence[int]
) -> set[int]:
    """Which hidden entries of one row or column (cells, then its total at ``total_at``) its
    own shown entries give away: knowing only that counts are whole and not negative."""
    hidden = [k for k, v in enumerate(line) if v is None]
    if not hidden:
        return set()
    if line[total_at] is None:
        cells_hidden = [k for k in hidden if k != total_at]
        return {total_at} if not cells_hidden else set()  # a cell may be any size
    rest = line[total_at] - sum(v for k, v in enumerate(line) if v is not None and k != total_at)  # type: ignore[operator]
    assert rest == sum(grid_line[k] for k in hidden)  # what is shown is the truth
    if len(hidden) == 1 or rest == 0:
        return set(hidden)
    return set()


@given(tables())
@settings(max_examples=300, deadline=None)
def test_no_suppressed_count_can_be_worked_out_from_its_row_or_column(
    cells: list[list[int]],
) -> None:
    grid = extended(cells)
    hidden = suppress(cells)
    table = shown(grid, hidden)
    last_row, last_column = len(grid) - 1, len(grid[0]) - 1
    assert all(v is None or v >= THRESHOLD for row in table for v in row)
    for i, row in enumerate(table):
        given_away = line_gives_away(row, last_column, grid[i])
        assert given_away == set(), f"row {i} gives away {given_away}: {table}"
    for j in range(last_column + 1):
        column = [row[j] for row in table]
        given_away = line_gives_away(column, last_row, [row[j] for row in grid])
        assert given_away == set(), f"column {j} gives away {given_away}: {table}"


@given(tables())
@settings(max_examples=200, deadline=None)
def test_suppression_leaves_nothing_recoverable_and_keeps_what_it_was_asked_to(
    cells: list[list[int]],
) -> None:
    grid = extended(cells)
    hidden = suppress(cells, also={(len(grid) - 1, 0)})
    assert (len(grid) - 1, 0) in hidden
    assert recoverable(grid, hidden) == set()


def alternatives(grid: Grid, hidden: frozenset[Entry]) -> list[Grid]:
    """Every table of whole counts that agrees with everything shown, its counts at most one
    more than the largest here (if another table agrees, one a step away does): brute force,
    for small tables."""
    m, n = len(grid) - 1, len(grid[0]) - 1
    free = [(i, j) for i in range(m) for j in range(n) if (i, j) in hidden]
    top = max(max(row[:n]) for row in grid[:m]) + 1
    found = []
    for values in itertools.product(range(top + 1), repeat=len(free)):
        cells = [list(row[:n]) for row in grid[:m]]
        for (i, j), v in zip(free, values, strict=True):
            cells[i][j] = v
        other = extended(cells)
        if all(
            other[i][j] == grid[i][j]
            for i in range(m + 1)
            for j in range(n + 1)
            if (i, j) not in hidden
        ):
            found.append(other)
    return found


@given(
    st.integers(1, 2).flatmap(
        lambda m: st.lists(
            st.lists(st.integers(0, 7), min_size=3, max_size=3), min_size=m, max_size=m
        )
    ),
    st.data(),
)
@settings(max_examples=150, deadline=None)
def test_what_the_cycle_search_calls_recoverable_is_what_brute_force_finds(
    cells: list[list[int]], data: st.DataObject
) -> None:
    grid = extended(cells)
    entries = [(i, j) for i in range(len(grid)) for j in range(len(grid[0]))]
    hidden = frozenset(data.draw(st.sets(st.sampled_from(entries), max_size=6)))
    tables = alternatives(grid, hidden)
    pinned = {e for e in hidden if len({t[e[0]][e[1]] for t in tables}) == 1}
    assert recoverable(grid, hidden) == pinned

"""Hours towards the requirement: corrections supersede (only the last of a chain counts),
the totals by kind, and when a placement completes."""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from returners_platform.contracts.vocabulary import HoursKind, HoursLoggedBy
from training.domain import hours
from training.domain.hours import Entry

AT = datetime(2020, 5, 5, 17, tzinfo=UTC)


def entry(
    worked: float,
    kind: HoursKind = HoursKind.PLACEMENT,
    supersedes: Entry | None = None,
    n: int = 0,
) -> Entry:
    return Entry(
        uuid.uuid4(),
        kind,
        worked,
        date(2020, 5, 5),
        supersedes.entry_id if supersedes else None,
        HoursLoggedBy.COUNCIL,
        AT + timedelta(minutes=n),
    )


@pytest.mark.parametrize(("days", "required"), [(30, 210.0), (60, 420.0), (0, 0.0)])
def test_a_day_of_updating_is_seven_hours(days: int, required: float) -> None:
    assert hours.required_hours(days) == required


def test_a_correction_replaces_what_it_corrects_and_a_chain_counts_its_last() -> None:
    first = entry(7)
    second = entry(6, supersedes=first, n=1)
    third = entry(6.5, supersedes=second, n=2)
    other = entry(3, HoursKind.COACHING, n=3)
    entries = [first, second, third, other]
    assert hours.effective(entries) == [third, other]
    assert hours.total(entries) == 9.5
    assert hours.by_kind(entries) == {
        HoursKind.PLACEMENT: 6.5,
        HoursKind.WORKSHOP: 0,
        HoursKind.COACHING: 3,
        HoursKind.MENTORING: 0,
        HoursKind.INTERVIEW_PREPARATION: 0,
    }


def test_a_correction_to_zero_cancels_the_entry() -> None:
    first = entry(7)
    assert hours.total([first, entry(0, supersedes=first, n=1)]) == 0


@given(
    st.lists(
        st.tuples(st.floats(0, 24).map(lambda h: round(h * 4) / 4), st.integers(0, 4)),
        min_size=1,
        max_size=20,
    )
)
def test_the_total_counts_the_last_of_each_chain_whatever_the_corrections(
    chains: list[tuple[float, int]],
) -> None:
    """Each chain: an entry and ``corrections`` corrections, the last of them ``last`` hours."""
    entries: list[Entry] = []
    expected = 0.0
    for n, (last, corrections) in enumerate(chains):
        current = entry(1.0, n=n * 10)
        entries.append(current)
        for c in range(corrections):
            current = entry(2.0, supersedes=current, n=n * 10 + c + 1)
            entries.append(current)
        final = entry(last, supersedes=current, n=n * 10 + 9)
        entries.append(final)
        expected += last
    assert hours.total(entries) == pytest.approx(expected)
    assert len(hours.effective(entries)) == len(chains)


@pytest.mark.parametrize(
    ("ended", "total", "required", "complete"),
    [
        (True, 210, 210, True),
        (True, 420, 420, True),
        (True, 209.75, 210, False),
        (False, 300, 210, False),
        (True, 421, 420, True),
    ],
)
def test_a_placement_completes_once_ended_with_the_requirement_met(
    ended: bool, total: float, required: float, complete: bool
) -> None:
    assert hours.is_complete(ended=ended, total_hours=total, required=required) is complete


def test_the_training_provider_logs_workshops_and_interview_preparation_only() -> None:
    assert hours.may_log(HoursLoggedBy.PROVIDER, HoursKind.WORKSHOP)
    assert hours.may_log(HoursLoggedBy.PROVIDER, HoursKind.INTERVIEW_PREPARATION)
    assert not hours.may_log(HoursLoggedBy.PROVIDER, HoursKind.PLACEMENT)
    assert all(hours.may_log(HoursLoggedBy.COUNCIL, k) for k in HoursKind)

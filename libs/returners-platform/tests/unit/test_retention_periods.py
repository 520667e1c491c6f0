"""A programme's retention periods: calendar months from the start of each purpose."""

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from returners_platform.contracts.retention import (
    RetentionPeriods,
    RetentionPurpose,
    months_after,
)


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (at(2026, 1, 15), 6, at(2026, 7, 15)),
        (at(2026, 8, 31), 6, at(2027, 2, 28)),  # February is shorter: its last day
        (at(2027, 8, 31), 6, at(2028, 2, 29)),  # a leap year's
        (at(2026, 11, 30), 2, at(2027, 1, 30)),  # over the year's end
        (at(2026, 5, 4), 24, at(2028, 5, 4)),
    ],
)
def test_months_after_keeps_the_day_and_time_or_the_months_last_day(
    start: datetime, months: int, expected: datetime
) -> None:
    assert months_after(start, months) == expected


def test_each_purpose_counts_its_own_period_from_its_start() -> None:
    periods = RetentionPeriods(unsuccessful_months=3, withdrawn_months=9, participant_months=36)
    start = at(2026, 1, 10)
    assert periods.due(RetentionPurpose.UNSUCCESSFUL, start) == at(2026, 4, 10)
    assert periods.due(RetentionPurpose.WITHDRAWN, start) == at(2026, 10, 10)
    assert periods.due(RetentionPurpose.PARTICIPANT, start) == at(2029, 1, 10)


def test_the_defaults_are_six_six_and_twenty_four_months() -> None:
    assert RetentionPeriods() == RetentionPeriods(
        unsuccessful_months=6, withdrawn_months=6, participant_months=24
    )


@pytest.mark.parametrize("months", [0, -1, 121])
def test_a_period_outside_one_month_to_ten_years_is_refused(months: int) -> None:
    with pytest.raises(ValidationError, match="unsuccessful_months"):
        RetentionPeriods(unsuccessful_months=months)

"""Exact calendar arithmetic: anniversaries, whole years, and years as a number."""

from datetime import date

import pytest

from returners_platform.calendar import anniversary, completed_years, years_between


@pytest.mark.parametrize(
    ("since", "years", "expected"),
    [
        (date(2014, 6, 30), 2, date(2016, 6, 30)),
        (date(2016, 2, 29), 1, date(2017, 3, 1)),  # no 29 February: the day after 28th
        (date(2016, 2, 29), 2, date(2018, 3, 1)),
        (date(2016, 2, 29), 4, date(2020, 2, 29)),
        (date(2016, 2, 28), 4, date(2020, 2, 28)),
    ],
)
def test_an_anniversary_is_the_same_day_and_month_29_february_becoming_1_march(
    since: date, years: int, expected: date
) -> None:
    assert anniversary(since, years) == expected


def test_whole_years_turn_over_on_the_anniversary_and_not_a_day_before() -> None:
    assert completed_years(date(2018, 5, 1), date(2020, 4, 30)) == 1
    assert completed_years(date(2018, 5, 1), date(2020, 5, 1)) == 2
    assert completed_years(date(2016, 2, 29), date(2018, 2, 28)) == 1
    assert completed_years(date(2016, 2, 29), date(2018, 3, 1)) == 2


def test_exactly_n_years_is_exactly_n_point_zero() -> None:
    assert years_between(date(2015, 5, 1), date(2020, 5, 1)) == 5.0
    assert years_between(date(2016, 2, 29), date(2020, 2, 29)) == 4.0
    assert years_between(date(2016, 2, 29), date(2018, 3, 1)) == 2.0


def test_a_part_year_is_the_fraction_of_that_anniversary_year() -> None:
    # 2019-05-01 .. 2020-05-01 has 366 days (29 February 2020); 183 of them have passed.
    assert years_between(date(2018, 5, 1), date(2019, 10, 31)) == pytest.approx(1 + 183 / 366)
    assert 1.99 < years_between(date(2018, 5, 2), date(2020, 5, 1)) < 2.0


def test_a_date_after_the_end_gives_a_negative_span() -> None:
    assert years_between(date(2021, 5, 1), date(2020, 5, 1)) == -1.0
    assert completed_years(date(2021, 5, 2), date(2020, 5, 1)) == -1

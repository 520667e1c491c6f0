"""Rule 4 and the updating bands at their boundaries: 2, 5 and 10 years, leap days, no maximum.

rtsw-2020 starts on 2020-05-01; between 2 and 10 years out, both inclusive; 30 days of
updating from 2 years out, 60 from 5.
"""

from datetime import date

import pytest

from matching.domain.eligibility import decide
from returners_platform.contracts.vocabulary import EligibilityReason as R
from returners_platform.eligibility import ProgrammeRules

from ..conftest import rtsw_2020, submitted

RTSW_2020 = ProgrammeRules.of(rtsw_2020())
OUT = (R.TIME_OUT_OF_PRACTICE,)


@pytest.mark.parametrize(
    ("last_practised", "reasons", "updating_days", "years_out"),
    [
        (date(2018, 5, 2), OUT, None, None),  # a day short of 2 years
        (date(2018, 5, 1), (), 30, 2.0),  # exactly 2 years: eligible, 30 days
        (date(2015, 5, 2), (), 30, None),  # a day short of 5 years: still 30 days
        (date(2015, 5, 1), (), 60, 5.0),  # exactly 5 years: 60 days
        (date(2010, 5, 1), (), 60, 10.0),  # exactly 10 years: still eligible
        (date(2010, 4, 30), OUT, None, None),  # a day over 10 years
        (date(2021, 1, 4), OUT, None, None),  # practised after the programme starts
    ],
)
def test_the_boundaries_at_2_5_and_10_years_are_inclusive(
    last_practised: date,
    reasons: tuple[R, ...],
    updating_days: int | None,
    years_out: float | None,
) -> None:
    decision = decide(submitted(last_practised=last_practised), RTSW_2020)
    assert decision.reasons == reasons
    assert decision.updating_days == updating_days
    if years_out is not None:
        assert decision.years_out_of_practice == years_out


@pytest.mark.parametrize(
    ("starts_on", "reasons", "updating_days"),
    [
        (date(2018, 2, 28), OUT, None),  # 2016-02-29 + 2 years is 2018-03-01, not yet
        (date(2018, 3, 1), (), 30),  # exactly 2 years after 29 February
        (date(2021, 2, 28), (), 30),  # not yet 5 years
        (date(2021, 3, 1), (), 60),  # exactly 5 years after 29 February
        (date(2026, 3, 1), (), 60),  # exactly 10 years: the maximum, inclusive
        (date(2026, 3, 2), OUT, None),
    ],
)
def test_last_practised_on_a_leap_day(
    starts_on: date, reasons: tuple[R, ...], updating_days: int | None
) -> None:
    rules = ProgrammeRules.of(rtsw_2020(starts_on=starts_on))
    decision = decide(submitted(last_practised=date(2016, 2, 29)), rules)
    assert (decision.reasons, decision.updating_days) == (reasons, updating_days)


def test_a_programme_starting_on_a_leap_day() -> None:
    rules = ProgrammeRules.of(rtsw_2020(starts_on=date(2020, 2, 29)))
    decision = decide(submitted(last_practised=date(2018, 2, 28)), rules)
    assert (decision.reasons, decision.updating_days) == ((), 30)
    assert decide(submitted(last_practised=date(2018, 3, 1)), rules).reasons == OUT


def test_a_programme_with_no_maximum_takes_any_long_break() -> None:
    rules = ProgrammeRules.of(rtsw_2020(max_years_out=None))
    decision = decide(submitted(last_practised=date(1985, 1, 1)), rules)
    assert (decision.reasons, decision.updating_days) == ((), 60)
    assert decision.years_out_of_practice == pytest.approx(35.33, abs=0.01)


def test_a_programme_with_no_minimum_needs_no_updating_under_the_first_band() -> None:
    rules = ProgrammeRules.of(rtsw_2020(min_years_out=None))
    decision = decide(submitted(last_practised=date(2019, 5, 1)), rules)
    assert (decision.reasons, decision.updating_days) == ((), 0)
    assert decision.years_out_of_practice == 1.0

"""Registration histories that cannot be true are refused, naming the field."""

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from applications.api.schemas import Submission
from applications.domain.history import dates_in_the_future, impossible_history
from returners_cli.testing.submissions import submission_body
from returners_platform.calendar import completed_years, years_between
from returners_platform.contracts.events import RegistrationHistory


def history(**fields: Any) -> RegistrationHistory:
    return RegistrationHistory.model_validate(submission_body(registration=fields)["registration"])


def test_more_statutory_years_than_years_registered_is_refused() -> None:
    found = impossible_history(
        history(
            first_registered="2015-01-01", last_practised="2020-01-01", statutory_practice_years=30
        )
    )
    assert [f.field for f in found] == ["registration.statutory_practice_years"]
    assert "5.0 years" in found[0].message


@pytest.mark.parametrize(
    ("first", "last", "years"),
    [
        ("2015-01-01", "2020-01-01", 5),  # exactly the span
        ("2016-02-29", "2018-03-01", 2),  # a leap day's anniversary
        ("2004-09-01", "2014-06-30", 6),
    ],
)
def test_statutory_years_up_to_the_span_registered_are_possible(
    first: str, last: str, years: float
) -> None:
    assert (
        impossible_history(
            history(first_registered=first, last_practised=last, statutory_practice_years=years)
        )
        == []
    )


def test_a_day_more_than_the_span_is_refused() -> None:
    found = impossible_history(
        history(
            first_registered="2015-01-01",
            last_practised="2019-12-31",
            statutory_practice_years=5,
        )
    )
    assert [f.field for f in found] == ["registration.statutory_practice_years"]


def test_without_a_first_registration_the_years_are_not_bounded_by_it() -> None:
    found = impossible_history(history(body=None, first_registered=None))
    assert found == []


def test_first_registered_after_last_practised_is_refused() -> None:
    found = impossible_history(history(first_registered="2015-01-01"))
    assert [f.field for f in found] == ["registration.first_registered"]


def test_dates_after_today_are_in_the_future() -> None:
    future = history(first_registered="2030-01-01", last_practised="2031-01-01")
    found = dates_in_the_future(future, date(2026, 11, 25))
    assert sorted(f.field for f in found) == [
        "registration.first_registered",
        "registration.last_practised",
    ]
    assert dates_in_the_future(history(), date(2026, 11, 25)) == []


@given(first=st.dates(date(1970, 1, 1), date(2025, 1, 1)), span_days=st.integers(0, 20000))
def test_the_whole_years_registered_are_possible_and_two_days_more_are_not(
    first: date, span_days: int
) -> None:
    last = date.fromordinal(first.toordinal() + span_days)
    whole = completed_years(first, last)

    def refused(years: float) -> bool:
        registration = history(
            first_registered=first.isoformat(),
            last_practised=last.isoformat(),
            statutory_practice_years=years,
        )
        return bool(impossible_history(registration))

    assert not refused(whole)
    assert refused(years_between(first, last) + 2 / 365)


def test_the_submission_names_every_impossible_field() -> None:
    body = submission_body(
        registration={
            "first_registered": "2015-01-01",
            "last_practised": "2020-01-01",
            "statutory_practice_years": 30,
        },
        preferences={"regions": ["London", "London"]},
    )
    with pytest.raises(ValidationError) as caught:
        Submission.model_validate(body)
    assert [e["loc"] for e in caught.value.errors()] == [
        ("registration", "statutory_practice_years"),
        ("preferences", "regions"),
    ]

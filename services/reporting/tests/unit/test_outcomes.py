"""What an application's facts mean for the figures."""

from datetime import UTC, date, datetime

import pytest

from reporting.domain.outcomes import (
    Band,
    Eligibility,
    application_outcome,
    band_of,
    london_date,
    offer_outcomes,
)
from reporting.projections import PROJECTIONS

from ..history import (
    COUNCIL_A,
    COUNCIL_B,
    SE,
    VACANCY_A1,
    VACANCY_B1,
    YH,
    accepted,
    app_id,
    at,
    decided,
    declined,
    expired,
    hired,
    offer_id,
    offered,
    submitted,
    withdrawn,
)


def facts_of(*events: object) -> object:
    current = None
    for data in events:
        current = PROJECTIONS[type(data)].rule(current, data)
    return current


@pytest.mark.parametrize(
    ("years", "band"),
    [
        (0.0, Band.UNDER_2),
        (1.99, Band.UNDER_2),
        (2.0, Band.FROM_2_TO_5),
        (4.99, Band.FROM_2_TO_5),
        (5.0, Band.FROM_5_TO_10),
        (9.99, Band.FROM_5_TO_10),
        (10.0, Band.FROM_10),
        (25.0, Band.FROM_10),
        (None, Band.UNDECIDED),
    ],
)
def test_bands_include_their_lower_bound(years: float | None, band: Band) -> None:
    assert band_of(years) == band


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        (datetime(2020, 3, 31, 23, 30, tzinfo=UTC), date(2020, 4, 1)),  # BST
        (datetime(2020, 1, 10, 23, 30, tzinfo=UTC), date(2020, 1, 10)),  # GMT
        (datetime(2020, 10, 24, 23, 0, tzinfo=UTC), date(2020, 10, 25)),
    ],
)
def test_submission_dates_are_london_dates(moment: datetime, day: date) -> None:
    assert london_date(moment) == day


def test_an_application_counts_only_once_its_submission_is_seen() -> None:
    before = application_outcome(facts_of(decided(9, True, 4.0)))
    assert not before.counted
    after = application_outcome(
        facts_of(decided(9, True, 4.0), submitted(9, at(3, 2, 9), "London", "adults"))
    )
    assert after.counted
    assert after.submitted_on == date(2020, 3, 2)


def test_region_is_the_first_preference_until_placed_then_the_placements() -> None:
    base = [
        submitted(2, at(3, 2, 18), "London", "adults"),
        offered(2, 3, COUNCIL_A, VACANCY_A1, SE, "children", at(3, 22, 18)),
    ]
    offered_only = application_outcome(facts_of(*base))
    assert (offered_only.region, offered_only.specialism) == ("London", "adults")
    placed = application_outcome(
        facts_of(*base, accepted(2, 3, COUNCIL_A, VACANCY_A1, at(3, 23, 9)))
    )
    assert (placed.region, placed.specialism) == (SE, "children")
    assert placed.holds_place
    assert placed.accepted


def test_withdrawing_after_accepting_frees_the_place_but_keeps_the_facts() -> None:
    outcome = application_outcome(
        facts_of(
            submitted(6, at(3, 4, 13), "North East", "adults"),
            offered(6, 5, COUNCIL_B, VACANCY_B1, YH, "adults", at(3, 12, 13)),
            accepted(6, 5, COUNCIL_B, VACANCY_B1, at(3, 13, 13)),
            withdrawn(6, at(3, 20, 10)),
        )
    )
    assert outcome.accepted
    assert outcome.withdrawn
    assert not outcome.holds_place
    assert outcome.region == YH


def test_declined_and_expired_are_counted_per_offer() -> None:
    facts = facts_of(
        submitted(5, at(3, 4, 12), "London", "children"),
        offered(5, 4, COUNCIL_B, VACANCY_B1, YH, "adults", at(3, 6, 12)),
        expired(5, 4, COUNCIL_B, VACANCY_B1, at(3, 13, 12)),
        offered(5, 7, COUNCIL_B, VACANCY_B1, YH, "adults", at(3, 14, 12)),
        declined(5, 7, COUNCIL_B, VACANCY_B1, at(3, 15, 12)),
        offered(5, 8, COUNCIL_A, VACANCY_A1, SE, "children", at(3, 16, 12)),
        declined(5, 8, COUNCIL_A, VACANCY_A1, at(3, 17, 12)),
    )
    outcome = application_outcome(facts)
    assert (outcome.offered, outcome.offers_expired, outcome.offers_declined) == (True, 1, 2)
    assert not outcome.holds_place
    per_offer = {o.offer_id: o for o in offer_outcomes(facts)}
    assert per_offer[offer_id(4)].expired
    assert not per_offer[offer_id(4)].declined
    assert per_offer[offer_id(8)].council_id == COUNCIL_A


def test_days_to_offer_use_the_first_offer_and_days_to_hire_the_hire() -> None:
    outcome = application_outcome(
        facts_of(
            offered(1, 2, COUNCIL_B, VACANCY_B1, YH, "adults", at(3, 20, 9)),
            offered(1, 1, COUNCIL_A, VACANCY_A1, SE, "children", at(3, 12, 21)),
            hired(1, 1, COUNCIL_A, VACANCY_A1, at(4, 1, 9)),
            submitted(1, at(3, 2, 9), SE, "children"),
        )
    )
    assert outcome.days_to_offer == 10.5
    assert outcome.days_to_hire == 30.0
    assert outcome.hired
    assert outcome.holds_place
    assert not outcome.accepted


def test_a_hire_is_the_placement_even_after_a_later_acceptance() -> None:
    facts = facts_of(
        submitted(1, at(3, 2, 9), SE, "children"),
        hired(1, 1, COUNCIL_A, VACANCY_A1, at(4, 1, 9)),
        accepted(1, 2, COUNCIL_B, VACANCY_B1, at(4, 2, 9)),
    )
    holders = [o.offer_id for o in offer_outcomes(facts) if o.holds_place]
    assert holders == [offer_id(1)]


def test_ineligible_reasons_only_for_an_ineligible_decision() -> None:
    outcome = application_outcome(
        facts_of(
            submitted(3, at(3, 3, 10), "West Midlands", "adults"),
            decided(3, False, 12.0, ("time_out_of_practice", "right_to_work")),
        )
    )
    assert outcome.eligibility is Eligibility.INELIGIBLE
    assert outcome.reasons == ("right_to_work", "time_out_of_practice")
    assert outcome.band is Band.FROM_10
    assert app_id(3) == outcome.application_id

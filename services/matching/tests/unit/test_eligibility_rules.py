"""Each of the seven rules alone, all of them at once, and what decides the updating days."""

from datetime import date
from typing import Any

import pytest

from matching.domain.eligibility import decide
from returners_platform.contracts.vocabulary import EligibilityReason as R
from returners_platform.eligibility import ProgrammeRules

from ..conftest import rtsw_2020, submitted

RTSW_2020 = ProgrammeRules.of(rtsw_2020())


def test_a_returner_meeting_every_rule_is_eligible_with_no_reasons() -> None:
    decision = decide(submitted(), RTSW_2020)  # last practised 2014-06-30: 5.8 years out
    assert decision.eligible
    assert decision.reasons == ()
    assert decision.updating_days == 60
    assert decision.years_out_of_practice == pytest.approx(5.84, abs=0.01)


@pytest.mark.parametrize("body", ["HCPC", "GSCC", "SWE", "CCW", "SCW", "SSSC", "NISCC"])
def test_every_uk_social_work_register_counts_as_previously_registered(body: str) -> None:
    assert decide(submitted(body=body), RTSW_2020).reasons == ()


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"body": None, "first_registered": None}, R.PREVIOUSLY_REGISTERED),
        ({"body": "NMC"}, R.PREVIOUSLY_REGISTERED),  # a register, but not of social workers
        ({"statutory_practice_years": 1.9}, R.STATUTORY_EXPERIENCE),
        ({"statutory_practice_years": 0}, R.STATUTORY_EXPERIENCE),  # qualified, never practised
        ({"currently_practising": True}, R.NOT_CURRENTLY_PRACTISING),
        ({"last_practised": date(2019, 6, 30)}, R.TIME_OUT_OF_PRACTICE),
        ({"last_practised": date(2005, 6, 30)}, R.TIME_OUT_OF_PRACTICE),
        ({"conditions_of_practice": True}, R.NO_CONDITIONS_OF_PRACTICE),
        ({"right_to_work_uk": False}, R.RIGHT_TO_WORK),
    ],
)
def test_each_failed_rule_alone_is_the_only_reason_and_no_updating_days(
    change: dict[str, Any], reason: R
) -> None:
    decision = decide(submitted(**change), RTSW_2020)
    assert not decision.eligible
    assert decision.reasons == (reason,)
    assert decision.updating_days is None


def test_exactly_the_minimum_statutory_experience_is_enough() -> None:
    assert decide(submitted(statutory_practice_years=2), RTSW_2020).reasons == ()


def test_no_statutory_practice_fails_even_where_the_programme_asks_for_none() -> None:
    rules = ProgrammeRules.of(rtsw_2020(min_statutory_years=0))
    assert decide(submitted(statutory_practice_years=0), rules).reasons == (R.STATUTORY_EXPERIENCE,)
    assert decide(submitted(statutory_practice_years=0.5), rules).reasons == ()


def test_every_failed_rule_is_reported_in_the_order_of_the_rules() -> None:
    decision = decide(
        submitted(
            body=None,
            first_registered=None,
            statutory_practice_years=0,
            currently_practising=True,
            last_practised=date(2020, 4, 1),
            conditions_of_practice=True,
            right_to_work_uk=False,
            submitted_at=rtsw_2020().closes_at.replace(year=2021),
        ),
        RTSW_2020,
    )
    assert decision.reasons == (
        R.PREVIOUSLY_REGISTERED,
        R.STATUTORY_EXPERIENCE,
        R.NOT_CURRENTLY_PRACTISING,
        R.TIME_OUT_OF_PRACTICE,
        R.NO_CONDITIONS_OF_PRACTICE,
        R.RIGHT_TO_WORK,
        R.WITHIN_WINDOW,
    )
    assert decision.updating_days is None


def test_a_programme_of_another_profession_uses_its_own_registers_and_bands() -> None:
    planning = ProgrammeRules.of(
        rtsw_2020(
            programme_id="planning-2027",
            profession="planning",
            recognised_bodies=["RTPI"],
            min_years_out=1,
            max_years_out=None,
            min_statutory_years=1,
            updating_days=[
                {"from_years": 1, "days": 10},
                {"from_years": 3, "days": 20},
                {"from_years": 8, "days": 40},
            ],
        )
    )
    assert decide(submitted(body="HCPC"), planning).reasons == (R.PREVIOUSLY_REGISTERED,)
    exactly_eight = decide(submitted(body="RTPI", last_practised=date(2012, 5, 1)), planning)
    assert (exactly_eight.reasons, exactly_eight.updating_days) == ((), 40)
    just_under = decide(submitted(body="RTPI", last_practised=date(2012, 5, 2)), planning)
    assert (just_under.reasons, just_under.updating_days) == ((), 20)

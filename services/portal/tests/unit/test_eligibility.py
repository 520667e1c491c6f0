"""The check before applying, on a programme as ``GET /programmes/{id}`` serves it and on
answers as the check's questions store them: each failed rule's reason, in the rules' order,
and the days of updating someone eligible needs."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from portal.domain.eligibility import CheckResult, Rules, check
from portal.domain.wording import who_can_apply
from returners_platform.contracts.eligibility_rules import SOCIAL_WORK_REASONS
from returners_platform.contracts.events import ProgrammePublishedV2, ProgrammePublishedV3
from returners_platform.contracts.examples import EXAMPLES
from returners_platform.contracts.vocabulary import EligibilityReason as R

# Return to Social Work 2020: 2 to 10 years out of practice by 1 May 2020, at least 2 years
# of statutory practice; 30 days of updating from 2 years out, 60 from 5.
PROGRAMME = EXAMPLES[ProgrammePublishedV2].model_dump(mode="json")
RTSW_2020 = Rules.of(PROGRAMME)
SENT = datetime(2020, 3, 2, 9, 30, tzinfo=UTC)


def answers(*, right_to_work_uk: bool = True, **registration: Any) -> dict[str, Any]:
    """Someone who meets every rule (5.8 years out by the start), changed by ``registration``."""
    return {
        "registration": {
            "body": "SWE",
            "last_practised": "2014-06-30",
            "statutory_practice_years": 6,
            "currently_practising": False,
            "conditions_of_practice": False,
            **registration,
        },
        "right_to_work_uk": right_to_work_uk,
    }


def test_someone_meeting_every_rule_may_apply_and_needs_their_bands_days_of_updating() -> None:
    assert check(answers(), RTSW_2020, SENT) == CheckResult((), 60)
    assert check(answers(last_practised="2017-06-30"), RTSW_2020, SENT) == CheckResult((), 30)
    assert check(answers(), RTSW_2020, SENT).eligible


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"body": None, "first_registered": None}, R.PREVIOUSLY_REGISTERED),  # never registered
        ({"statutory_practice_years": 1.5}, R.STATUTORY_EXPERIENCE),
        ({"statutory_practice_years": 0}, R.STATUTORY_EXPERIENCE),
        ({"currently_practising": True}, R.NOT_CURRENTLY_PRACTISING),
        ({"last_practised": "2018-05-02"}, R.TIME_OUT_OF_PRACTICE),  # a day short of 2 years
        ({"last_practised": "2010-04-30"}, R.TIME_OUT_OF_PRACTICE),  # a day over 10 years
        ({"conditions_of_practice": True}, R.NO_CONDITIONS_OF_PRACTICE),
        ({"right_to_work_uk": False}, R.RIGHT_TO_WORK),
    ],
)
def test_each_failed_rule_alone_is_the_only_reason(change: dict[str, Any], reason: R) -> None:
    result = check(answers(**change), RTSW_2020, SENT)
    assert result == CheckResult((reason,), None)
    assert not result.eligible


def test_exactly_the_least_and_the_most_time_out_are_allowed() -> None:
    assert check(answers(last_practised="2018-05-01"), RTSW_2020, SENT) == CheckResult((), 30)
    assert check(answers(last_practised="2010-05-01"), RTSW_2020, SENT) == CheckResult((), 60)


def test_the_window_includes_its_first_and_last_instants_and_nothing_outside() -> None:
    opens, closes = RTSW_2020.opens_at, RTSW_2020.closes_at
    for now in (opens, closes):
        assert check(answers(), RTSW_2020, now).eligible
    for now in (opens - timedelta(seconds=1), closes + timedelta(seconds=1)):
        assert check(answers(), RTSW_2020, now).reasons == (R.WITHIN_WINDOW,)


def test_every_failed_rule_is_named_in_the_order_of_the_rules() -> None:
    everything_wrong = answers(
        body=None,
        first_registered=None,
        statutory_practice_years=0,
        currently_practising=True,
        last_practised="2020-04-01",
        conditions_of_practice=True,
        right_to_work_uk=False,
    )
    after_closing = RTSW_2020.closes_at.replace(year=2021)
    # Every code of social work's seven rules, in the order the codes are declared.
    assert check(everything_wrong, RTSW_2020, after_closing).reasons == SOCIAL_WORK_REASONS


def test_the_programme_names_its_registers_and_bands_as_it_likes() -> None:
    """Registers in any case; bands in any order; no band, no updating."""
    rules = Rules.of(
        {
            **PROGRAMME,
            "recognised_bodies": ["swe"],
            "updating_days": [{"from_years": 5, "days": 60}, {"from_years": 2, "days": 30}],
        }
    )
    assert rules.title == "Return to Social Work 2020"
    assert check(answers(), rules, SENT) == CheckResult((), 60)
    assert check(answers(body="HCPC"), rules, SENT).reasons == (R.PREVIOUSLY_REGISTERED,)
    no_bands = Rules.of({**PROGRAMME, "updating_days": []})
    assert check(answers(), no_bands, SENT) == CheckResult((), 0)


def test_the_start_page_lists_social_works_seven_rules_as_they_always_read() -> None:
    assert who_can_apply(RTSW_2020) == [
        "you were registered as a social worker in the UK",
        "you practised in statutory social work for at least 2 years",
        "by 1 May 2020, you will have been out of practice for between 2 and 10 years",
        "you are not practising as a social worker now",
        "a regulator has never suspended you or given you conditions of practice",
        "you have the right to work in the UK",
    ]


def test_a_programme_of_another_profession_lists_its_own_rules_and_no_register() -> None:
    planning = Rules.of(EXAMPLES[ProgrammePublishedV3].model_dump(mode="json"))
    lines = who_can_apply(planning)
    assert lines[0].startswith("you have at least 2 years' experience in one or more of: town ")
    assert lines[1:] == [
        "you have had a career break of at least 12 months",
        "you are not practising as a planner now",
        "you have the right to work in the UK",
    ]
    assert not any("registered" in line or "regulator" in line for line in lines)

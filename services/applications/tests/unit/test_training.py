"""A placement as its applicant sees it (domain.training): its stage, its conditions, the
hours so far, and a reported restoration."""

from datetime import UTC, date, datetime, timedelta

import pytest

from applications.domain.training import (
    Hours,
    PlacementFacts,
    PlacementStage,
    Reregistration,
    check_reregistration,
    conditions,
    outcome_at,
    stage,
)
from returners_platform.contracts.vocabulary import ConditionStatus, PlacementCondition

T = datetime(2026, 5, 4, 9, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (PlacementFacts(), PlacementStage.CONDITIONS),
        (PlacementFacts(conditions_met_at=T), PlacementStage.READY_TO_START),
        (PlacementFacts(offer_withdrawn_at=T), PlacementStage.OFFER_WITHDRAWN),
        (PlacementFacts(conditions_met_at=T, started_at=T + DAY), PlacementStage.STARTED),
        (PlacementFacts(started_at=T, withdrawn_at=T + DAY), PlacementStage.WITHDRAWN),
        (PlacementFacts(started_at=T, completed_at=T + DAY), PlacementStage.COMPLETED),
        # re-registration recorded before the completion reached us: still re-registered
        (PlacementFacts(reregistered_at=T), PlacementStage.REREGISTERED),
        (
            PlacementFacts(started_at=T, completed_at=T + DAY, reregistered_at=T + 2 * DAY),
            PlacementStage.REREGISTERED,
        ),
    ],
)
def test_the_stage_follows_from_the_recorded_facts_in_any_order(
    facts: PlacementFacts, expected: PlacementStage
) -> None:
    assert stage(facts) == expected


def test_an_outcome_is_dated_from_when_it_happened_and_a_running_placement_has_none() -> None:
    assert outcome_at(PlacementFacts(started_at=T)) is None
    assert outcome_at(PlacementFacts(conditions_met_at=T)) is None
    assert outcome_at(PlacementFacts(offer_withdrawn_at=T)) == T
    assert outcome_at(PlacementFacts(started_at=T, completed_at=T + DAY)) == T + DAY


def test_every_condition_is_shown_in_order_pending_until_recorded_and_as_last_recorded() -> None:
    recorded = {
        "dbs": {"status": "not_met", "reason": "dbs_disclosure", "recorded_at": T.isoformat()},
        "identity": {"status": "met", "reason": None, "recorded_at": T.isoformat()},
    }
    shown = conditions(list(PlacementCondition), recorded)
    assert [(c.condition, c.status, c.reason) for c in shown] == [
        (PlacementCondition.DBS, ConditionStatus.NOT_MET, "dbs_disclosure"),
        (PlacementCondition.IDENTITY, ConditionStatus.MET, None),
        (PlacementCondition.RIGHT_TO_WORK, ConditionStatus.PENDING, None),
        (PlacementCondition.REFERENCES, ConditionStatus.PENDING, None),
    ]
    assert shown[0].recorded_at == T
    assert shown[2].recorded_at is None


def test_hours_so_far_count_against_the_requirement_in_days_of_seven_hours() -> None:
    hours = Hours(logged=98, required=210)
    assert (hours.remaining, hours.days_logged, hours.met) == (112, 14.0, False)
    over = Hours(logged=421, required=420)
    assert (over.remaining, over.met) == (0, True)


def test_a_reported_restoration_cannot_be_in_the_future_nor_decided_before_it_was_applied_for() -> (
    None
):
    today = date(2026, 10, 20)
    assert check_reregistration(Reregistration(date(2026, 9, 7), date(2026, 10, 19)), today) == []
    assert check_reregistration(Reregistration(date(2026, 9, 7), date(2026, 10, 21)), today) == [
        ("decided_on", "is in the future")
    ]
    assert check_reregistration(Reregistration(date(2026, 9, 7), date(2026, 9, 6)), today) == [
        ("decided_on", "is before applied_on")
    ]

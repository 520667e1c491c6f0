"""A placement as its applicant sees it (domain.training): its stage, its conditions, the
hours so far, and a reported restoration."""

from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import ValidationError

from applications.api.schemas import ReregistrationReport
from applications.domain.training import (
    Change,
    Hours,
    PlacementFacts,
    PlacementStage,
    Reregistration,
    check_reregistration,
    conditions,
    outcome_at,
    reregistration_change,
    stage,
)
from returners_platform.contracts.vocabulary import (
    ConditionStatus,
    PlacementCondition,
    ReregistrationDecision,
)

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


RESTORED, REFUSED, PENDING = (
    ReregistrationDecision.RESTORED,
    ReregistrationDecision.REFUSED,
    ReregistrationDecision.PENDING,
)
APPLIED = date(2026, 9, 7)


def test_a_reported_restoration_cannot_be_in_the_future_nor_decided_before_it_was_applied_for() -> (
    None
):
    today = date(2026, 10, 20)
    assert check_reregistration(Reregistration(APPLIED, RESTORED, date(2026, 10, 19)), today) == []
    assert check_reregistration(Reregistration(APPLIED, REFUSED, date(2026, 10, 21)), today) == [
        ("decided_on", "is in the future")
    ]
    assert check_reregistration(Reregistration(APPLIED, RESTORED, date(2026, 9, 6)), today) == [
        ("decided_on", "is before applied_on")
    ]
    assert check_reregistration(Reregistration(date(2026, 10, 21), PENDING, None), today) == [
        ("applied_on", "is in the future")
    ]


def _report(
    decision: ReregistrationDecision, decided: date | None = date(2026, 10, 1)
) -> Reregistration:
    return Reregistration(APPLIED, decision, None if decision == PENDING else decided)


@pytest.mark.parametrize(
    ("recorded", "reported", "expected"),
    [
        (None, _report(PENDING), Change.NEW),
        (None, _report(REFUSED), Change.NEW),
        (None, _report(RESTORED), Change.NEW),
        (_report(PENDING), _report(PENDING), Change.SAME),
        (_report(PENDING), _report(REFUSED), Change.NEW),
        (_report(PENDING), _report(RESTORED), Change.NEW),
        (_report(REFUSED), _report(REFUSED), Change.SAME),
        (_report(REFUSED), _report(RESTORED), Change.NEW),
        (_report(REFUSED), _report(PENDING), Change.REFUSED),
        (_report(REFUSED), _report(REFUSED, date(2026, 10, 2)), Change.REFUSED),
        (_report(RESTORED), _report(RESTORED), Change.SAME),
        (_report(RESTORED), _report(RESTORED, date(2026, 10, 2)), Change.REFUSED),
        (_report(RESTORED), _report(REFUSED), Change.REFUSED),
        (_report(RESTORED), _report(PENDING), Change.REFUSED),
    ],
)
def test_a_report_may_move_the_decision_on_but_a_restoration_is_final(
    recorded: Reregistration | None, reported: Reregistration, expected: Change
) -> None:
    assert reregistration_change(recorded, reported) == expected


@pytest.mark.parametrize(
    "body",
    [
        {"applied_on": "2026-09-07", "decision": "restored"},
        {"applied_on": "2026-09-07", "decision": "refused"},
        {"applied_on": "2026-09-07", "decision": "pending", "decided_on": "2026-10-01"},
    ],
)
def test_a_report_has_a_decision_date_exactly_when_it_has_a_decision(body: dict[str, str]) -> None:
    with pytest.raises(ValidationError) as refused:
        ReregistrationReport.model_validate(body)
    assert [e["loc"] for e in refused.value.errors()] == [("decided_on",)]


def test_a_pending_report_needs_no_decision_date() -> None:
    report = ReregistrationReport.model_validate(
        {"applied_on": "2026-09-07", "decision": "pending"}
    )
    assert report.reported == Reregistration(APPLIED, PENDING, None)

"""Conditions to outcome: every one met lets the placement start; any one not met withdraws
the offer, whatever order they were recorded in; otherwise it waits."""

from hypothesis import given
from hypothesis import strategies as st

from returners_platform.contracts.vocabulary import (
    ConditionNotMetReason,
    ConditionStatus,
    PlacementCondition,
    ReferenceOutcome,
)
from training.domain.conditions import (
    AllMet,
    Condition,
    NotMet,
    Waiting,
    from_reference,
    outcome,
)

MET = Condition(ConditionStatus.MET)
PENDING = Condition(ConditionStatus.PENDING)


def test_every_condition_met_is_all_met() -> None:
    assert outcome(dict.fromkeys(PlacementCondition, MET)) == AllMet()


def test_a_missing_or_pending_condition_waits() -> None:
    four = {c: MET for c in PlacementCondition if c != PlacementCondition.REFERENCE_2}
    assert outcome(four) == Waiting()
    assert outcome({**four, PlacementCondition.REFERENCE_2: PENDING}) == Waiting()
    assert outcome({}) == Waiting()


def test_a_dbs_not_met_withdraws_with_its_reason() -> None:
    conditions = {
        **dict.fromkeys(PlacementCondition, PENDING),
        PlacementCondition.DBS: Condition(
            ConditionStatus.NOT_MET, ConditionNotMetReason.DBS_DISCLOSURE
        ),
    }
    assert outcome(conditions) == NotMet(
        PlacementCondition.DBS, ConditionNotMetReason.DBS_DISCLOSURE
    )


statuses = st.sampled_from(list(ConditionStatus))


@given(st.dictionaries(st.sampled_from(list(PlacementCondition)), statuses))
def test_the_outcome_follows_the_rule_whatever_the_statuses(
    recorded: dict[PlacementCondition, ConditionStatus],
) -> None:
    conditions = {
        c: Condition(s, ConditionNotMetReason.OTHER if s == ConditionStatus.NOT_MET else None)
        for c, s in recorded.items()
    }
    result = outcome(conditions)
    not_met = [c for c in PlacementCondition if recorded.get(c) == ConditionStatus.NOT_MET]
    if not_met:
        assert result == NotMet(not_met[0], ConditionNotMetReason.OTHER)
    elif all(recorded.get(c) == ConditionStatus.MET for c in PlacementCondition):
        assert result == AllMet()
    else:
        assert result == Waiting()


def test_a_referees_answer_is_its_condition() -> None:
    assert from_reference(ReferenceOutcome.SATISFACTORY) == MET
    assert from_reference(ReferenceOutcome.UNSATISFACTORY) == Condition(
        ConditionStatus.NOT_MET, ConditionNotMetReason.UNSATISFACTORY_REFERENCE
    )

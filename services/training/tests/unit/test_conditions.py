"""Conditions to outcome: every one met lets the placement start; any one not met withdraws
the offer, whatever order they were recorded in; otherwise it waits. The referees' two
answers to the one ``references`` condition."""

from hypothesis import given
from hypothesis import strategies as st

from returners_platform.contracts.vocabulary import (
    ConditionNotMetReason,
    ConditionStatus,
    PlacementCondition,
    ReferenceNumber,
    ReferenceOutcome,
)
from training.domain.conditions import (
    AllMet,
    Condition,
    NotMet,
    Waiting,
    from_references,
    outcome,
)

MET = Condition(ConditionStatus.MET)
PENDING = Condition(ConditionStatus.PENDING)


def test_every_condition_met_is_all_met() -> None:
    assert outcome(dict.fromkeys(PlacementCondition, MET)) == AllMet()


def test_a_missing_or_pending_condition_waits() -> None:
    three = {c: MET for c in PlacementCondition if c != PlacementCondition.REFERENCES}
    assert outcome(three) == Waiting()
    assert outcome({**three, PlacementCondition.REFERENCES: PENDING}) == Waiting()
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


SATISFACTORY = ReferenceOutcome.SATISFACTORY
UNSATISFACTORY = ReferenceOutcome.UNSATISFACTORY
FIRST, SECOND = ReferenceNumber.REFERENCE_1, ReferenceNumber.REFERENCE_2
UNSATISFACTORY_REFERENCE = Condition(
    ConditionStatus.NOT_MET, ConditionNotMetReason.UNSATISFACTORY_REFERENCE
)


def test_the_references_are_met_once_both_are_in_and_satisfactory() -> None:
    assert from_references({FIRST: SATISFACTORY, SECOND: SATISFACTORY}) == MET


def test_one_satisfactory_reference_decides_nothing_yet() -> None:
    assert from_references({}) is None
    assert from_references({FIRST: SATISFACTORY}) is None
    assert from_references({SECOND: SATISFACTORY}) is None


def test_one_unsatisfactory_reference_is_not_met_without_waiting_for_the_other() -> None:
    assert from_references({SECOND: UNSATISFACTORY}) == UNSATISFACTORY_REFERENCE
    assert from_references({FIRST: SATISFACTORY, SECOND: UNSATISFACTORY}) == (
        UNSATISFACTORY_REFERENCE
    )
    assert from_references({FIRST: UNSATISFACTORY, SECOND: SATISFACTORY}) == (
        UNSATISFACTORY_REFERENCE
    )


@given(
    st.dictionaries(st.sampled_from(list(ReferenceNumber)), st.sampled_from(list(ReferenceOutcome)))
)
def test_the_references_condition_follows_the_answers_in_any_combination(
    answers: dict[ReferenceNumber, ReferenceOutcome],
) -> None:
    result = from_references(answers)
    if UNSATISFACTORY in answers.values():
        assert result == UNSATISFACTORY_REFERENCE
    elif len(answers) == len(ReferenceNumber):
        assert result == MET
    else:
        assert result is None

"""Results and ranking, without I/O: properties by hypothesis, and the rules by example."""

import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from returners_platform.contracts.vocabulary import SelectionOutcome, SelectionReason
from selection.domain.ranking import Candidate, decide, weighted_score

from .rules import RULES

T0 = datetime(2020, 3, 1, tzinfo=UTC)


def passing(score: float = 80, interview: float = 12, minutes: int = 0) -> Candidate:
    return Candidate(uuid.uuid4(), T0 + timedelta(minutes=minutes), score, True, True, interview)


candidates = st.lists(
    st.builds(
        Candidate,
        application_id=st.uuids(),
        submitted_at=st.one_of(
            st.none(), st.integers(0, 5).map(lambda m: T0 + timedelta(minutes=m))
        ),
        assessment=st.one_of(st.none(), st.sampled_from([40.0, 60.0, 75.0, 90.0])),
        booked=st.booleans(),
        attended=st.one_of(st.none(), st.booleans()),
        interview=st.one_of(st.none(), st.sampled_from([8.0, 10.0, 12.5, 16.0])),
    ),
    max_size=30,
    unique_by=lambda c: c.application_id,
)


@settings(max_examples=300)
@given(candidates, st.integers(0, 12), st.randoms())
def test_the_result_does_not_depend_on_the_order_candidates_come_in(
    pool: list[Candidate], places: int, rng: object
) -> None:
    shuffled = list(pool)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert decide(shuffled, RULES, places) == decide(pool, RULES, places)


@settings(max_examples=300)
@given(candidates, st.integers(0, 12))
def test_no_more_are_selected_than_places_and_every_selected_outranks_every_waitlisted(
    pool: list[Candidate], places: int
) -> None:
    results = decide(pool, RULES, places)
    selected = [r for r in results if r.outcome == SelectionOutcome.SELECTED]
    waitlisted = [r for r in results if r.outcome == SelectionOutcome.WAITLISTED]
    assert len(selected) <= places
    assert all(s.rank < w.rank for s in selected for w in waitlisted)  # type: ignore[operator]
    assert all(
        s.weighted_score >= w.weighted_score  # type: ignore[operator]
        for s in selected
        for w in waitlisted
    )
    assert [r.rank for r in selected + waitlisted] == list(range(1, len(selected + waitlisted) + 1))
    assert len(results) == len(pool)


@settings(max_examples=300)
@given(candidates, st.integers(0, 12))
def test_everyone_who_passed_is_selected_or_waitlisted_and_the_others_have_reasons(
    pool: list[Candidate], places: int
) -> None:
    for result in decide(pool, RULES, places):
        if result.outcome == SelectionOutcome.REJECTED:
            assert result.reasons
            assert result.rank is None
        elif result.outcome == SelectionOutcome.WAITLISTED:
            assert result.reasons == (SelectionReason.NOT_RANKED_WITHIN_PLACES,)
        else:
            assert result.reasons == ()


def test_the_weighted_score_scales_each_part_by_its_maximum() -> None:
    assert weighted_score(100, 16, RULES) == 1.0
    assert weighted_score(50, 8, RULES) == 0.5
    assert weighted_score(75, 12, RULES) == 0.75


def test_a_tie_on_score_goes_to_the_earlier_submission_then_the_smaller_id() -> None:
    later, earlier = passing(minutes=5), passing(minutes=1)
    low, high = sorted([uuid.uuid4(), uuid.uuid4()])
    same_time = [
        Candidate(high, T0, 80, True, True, 12),
        Candidate(low, T0, 80, True, True, 12),
    ]
    ranked = decide([later, earlier, *same_time], RULES, places=2)
    assert [r.application_id for r in ranked] == [
        low,
        high,
        earlier.application_id,
        later.application_id,
    ]
    assert [r.outcome for r in ranked][:2] == [SelectionOutcome.SELECTED] * 2


def test_each_way_to_fail_has_its_reason() -> None:
    by_reason = {
        SelectionReason.ASSESSMENT_NOT_TAKEN: Candidate(uuid.uuid4(), T0, None, False, None, None),
        SelectionReason.ASSESSMENT_BELOW_PASS_MARK: Candidate(
            uuid.uuid4(), T0, 59.5, True, True, 16
        ),
        SelectionReason.DID_NOT_ATTEND: Candidate(uuid.uuid4(), T0, 70, True, False, None),
        SelectionReason.INTERVIEW_NOT_COMPLETED: Candidate(uuid.uuid4(), T0, 70, True, None, None),
        SelectionReason.INTERVIEW_BELOW_PASS_MARK: Candidate(uuid.uuid4(), T0, 70, True, True, 9.5),
    }
    never_booked = Candidate(uuid.uuid4(), T0, 70, False, None, None)
    results = {r.application_id: r for r in decide([*by_reason.values(), never_booked], RULES, 10)}
    for why, candidate in by_reason.items():
        assert results[candidate.application_id].reasons == (why,)
        assert results[candidate.application_id].outcome == SelectionOutcome.REJECTED
    assert results[never_booked.application_id].reasons == (SelectionReason.DID_NOT_ATTEND,)


def test_the_pass_marks_are_inclusive() -> None:
    [result] = decide([passing(score=60, interview=10)], RULES, places=1)
    assert result.outcome == SelectionOutcome.SELECTED

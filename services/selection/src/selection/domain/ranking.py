"""Results: who is selected, waitlisted or rejected, and in which rank order (no I/O).

The rules (SPEC.md, "Selection"):

- A candidate passes when their latest assessment score reaches the assessment's pass mark
  and their complete interview score (the mean of the panel's totals) reaches the
  interview's. Otherwise they are rejected, with every reason that applies, in this order:
  ``assessment_not_taken`` (no score) or ``assessment_below_pass_mark``; then, for those
  who passed the assessment, ``did_not_attend`` (a no-show, or never booked),
  ``interview_not_completed`` (booked but the panel had not all scored) or
  ``interview_below_pass_mark``.
- The weighted score is ``w_a * assessment / max_assessment + w_i * interview /
  max_interview``: each part scaled to 0-1 by its maximum.
- Those who passed are ranked by the weighted score, highest first; ties go to the earlier
  submission, then to the smaller application id (a total, deterministic order).
- The first ``places`` are selected; the rest who passed are waitlisted in rank order (with
  the reason ``not_ranked_within_places``).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from returners_platform.contracts.events import SelectionRules
from returners_platform.contracts.vocabulary import SelectionOutcome, SelectionReason

# Sorts after every real submission time (a submission selection never saw).
_UNKNOWN_SUBMISSION = datetime.max


@dataclass(frozen=True)
class Candidate:
    """What the results read of one eligible candidate."""

    application_id: UUID
    submitted_at: datetime | None
    assessment: float | None  # the latest attempt's score; None if never taken
    booked: bool  # had an interview booked
    attended: bool | None  # None until the interview is complete or marked a no-show
    interview: float | None  # the mean of the panel's totals, once complete


@dataclass(frozen=True)
class Result:
    application_id: UUID
    outcome: SelectionOutcome
    rank: int | None
    weighted_score: float | None
    reasons: tuple[SelectionReason, ...]


def failed(candidate: Candidate, rules: SelectionRules) -> tuple[SelectionReason, ...]:
    """Why the candidate did not pass (empty: they passed)."""
    if candidate.assessment is None:
        return (SelectionReason.ASSESSMENT_NOT_TAKEN,)
    if candidate.assessment < rules.assessment.pass_mark:
        return (SelectionReason.ASSESSMENT_BELOW_PASS_MARK,)
    if candidate.attended is False or (candidate.attended is None and not candidate.booked):
        return (SelectionReason.DID_NOT_ATTEND,)
    if candidate.interview is None:
        return (SelectionReason.INTERVIEW_NOT_COMPLETED,)
    if candidate.interview < rules.interview.pass_mark:
        return (SelectionReason.INTERVIEW_BELOW_PASS_MARK,)
    return ()


def weighted_score(assessment: float, interview: float, rules: SelectionRules) -> float:
    a, i = rules.assessment, rules.interview
    return round(a.weight * assessment / a.max_score + i.weight * interview / i.max_score, 6)


def decide(candidates: Iterable[Candidate], rules: SelectionRules, places: int) -> list[Result]:
    """Every candidate's result: the selected and waitlisted in rank order, then the rejected
    (in application id order)."""
    passed: list[tuple[float, Candidate]] = []
    rejected: list[Result] = []
    for candidate in candidates:
        reasons = failed(candidate, rules)
        if reasons:
            rejected.append(
                Result(candidate.application_id, SelectionOutcome.REJECTED, None, None, reasons)
            )
            continue
        assert candidate.assessment is not None
        assert candidate.interview is not None
        passed.append((weighted_score(candidate.assessment, candidate.interview, rules), candidate))
    passed.sort(key=lambda p: _rank_key(*p))
    ranked = [
        Result(
            candidate.application_id,
            SelectionOutcome.SELECTED if rank <= places else SelectionOutcome.WAITLISTED,
            rank,
            score,
            () if rank <= places else (SelectionReason.NOT_RANKED_WITHIN_PLACES,),
        )
        for rank, (score, candidate) in enumerate(passed, start=1)
    ]
    return ranked + sorted(rejected, key=lambda r: r.application_id)


def _rank_key(score: float, candidate: Candidate) -> tuple[float, datetime, UUID]:
    submitted = (
        candidate.submitted_at.astimezone(UTC).replace(tzinfo=None)
        if candidate.submitted_at is not None
        else _UNKNOWN_SUBMISSION
    )
    return (-score, submitted, candidate.application_id)

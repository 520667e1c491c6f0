"""Results from the assessment provider, one at a time or a file of many: each accepted
once (by application and attempt), each published (``assessment.scored``); a pass invites
the candidate to interview (``interview.invited``)."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from uuid import UUID

from returners_platform.contracts.events import (
    AssessmentScored,
    InterviewInvited,
    SelectionRules,
)
from returners_platform.errors import NotFound, Refused
from returners_platform.messaging.unit_of_work import UnitOfWork
from selection import metrics
from selection.domain import scoring
from selection.domain.results_file import Row, RowError
from selection.store import assessments, candidates, programmes
from selection.store.programmes import Programme

ACCEPTED, DUPLICATE = "accepted", "duplicate"


@dataclass
class Recorded:
    accepted: int = 0
    duplicates: int = 0  # sent again exactly as before: nothing new
    errors: list[RowError] = field(default_factory=list)


async def open_programme(uow: UnitOfWork, programme_id: str) -> tuple[Programme, SelectionRules]:
    """The programme, if it has selection and its results are not out yet."""
    programme = await programmes.get(uow, programme_id)
    if programme is None or programme.rules is None:
        raise NotFound("no programme with selection of that id")
    if programme.decided_at is not None:
        raise Refused("selection_closed", "the programme's results are out; selection is closed")
    return programme, programme.rules


async def record_results(uow: UnitOfWork, programme_id: str, rows: Sequence[Row]) -> Recorded:
    programme, rules = await open_programme(uow, programme_id)
    await programmes.lock(uow, programme_id)
    recorded = Recorded()
    for row in rows:
        outcome = await _record(uow, programme, rules, row)
        if isinstance(outcome, RowError):
            recorded.errors.append(outcome)
        elif outcome == DUPLICATE:
            recorded.duplicates += 1
        else:
            recorded.accepted += 1
    metrics.ASSESSMENT_RESULTS.labels("accepted").inc(recorded.accepted)
    metrics.ASSESSMENT_RESULTS.labels("duplicate").inc(recorded.duplicates)
    metrics.ASSESSMENT_RESULTS.labels("refused").inc(len(recorded.errors))
    return recorded


async def _record(
    uow: UnitOfWork, programme: Programme, rules: SelectionRules, row: Row
) -> RowError | str:
    """ACCEPTED, DUPLICATE, or why the row is refused."""
    candidate = await candidates.locked(uow, row.application_id)
    if (
        candidate is None
        or candidate.programme_id != programme.programme_id
        or candidate.assessment_invited_at is None
    ):
        return RowError(row.row, "application_id", "is not a candidate of this programme")
    if candidate.withdrawn_at is not None:
        return RowError(row.row, "application_id", "the application was withdrawn")
    if problem := scoring.check_assessment_score(row.score, rules):
        return RowError(row.row, "score", problem)
    now = uow.now()
    if not await assessments.insert(uow, row.application_id, row.attempt, row.score, now):
        earlier = await assessments.recorded_score(uow, row.application_id, row.attempt)
        if earlier == row.score:
            return DUPLICATE
        return RowError(row.row, "attempt", f"attempt {row.attempt} is recorded with another score")
    await candidates.record_assessment(uow, row.application_id, row.attempt, row.score)
    passed = scoring.assessment_passed(row.score, rules)
    await uow.publish(
        AssessmentScored.of(
            row,
            programme_id=programme.programme_id,
            max_score=rules.assessment.max_score,
            passed=passed,
            scored_at=now,
        )
    )
    if passed and await candidates.mark_interview_invited(uow, row.application_id, now):
        await uow.publish(
            InterviewInvited(
                application_id=row.application_id,
                programme_id=programme.programme_id,
                invited_at=now,
            )
        )
        metrics.INVITATIONS.labels("interview").inc()
    return ACCEPTED


def single(recorded: Recorded) -> Recorded:
    """One result sent on its own: a refused row is the request's 422, naming the field."""
    if recorded.errors:
        error = recorded.errors[0]
        raise Refused("result_refused", error.message, error.field)
    return recorded


def row_of(application_id: UUID, score: float, attempt: int) -> Row:
    return Row(1, application_id, score, attempt)

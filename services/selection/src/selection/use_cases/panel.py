"""The interview panel: assessors' keys, what a panel member may see, their scores and
no-shows. A panel member sees and scores only their own programme's candidates invited to
interview, and never one they declared a conflict with (the same 404 as for a stranger)."""

import uuid
from dataclasses import dataclass
from uuid import UUID

from returners_platform.contracts.events import InterviewRules, InterviewScored
from returners_platform.errors import NotFound, Refused
from returners_platform.messaging.unit_of_work import Db, UnitOfWork
from returners_platform.service.auth import new_random_token, token_hash
from selection import metrics
from selection.domain import scoring
from selection.store import candidates, panel, programmes
from selection.store.panel import Assessor, PanelCandidate
from selection.use_cases.assessment_results import open_programme

NOT_A_CANDIDATE = "no such candidate for this panel member"


@dataclass(frozen=True)
class IssuedKey:
    assessor_id: UUID
    programme_id: str
    api_key: str  # shown once; only its hash is kept


async def issue_assessor(uow: UnitOfWork, name: str, programme_id: str) -> IssuedKey:
    await open_programme(uow, programme_id)
    assessor_id, api_key = uuid.uuid4(), new_random_token("rts")
    await panel.insert_assessor(
        uow, assessor_id, programme_id, name, token_hash(api_key), uow.now()
    )
    return IssuedKey(assessor_id, programme_id, api_key)


async def assessor_by_key(db: Db, api_key: str) -> Assessor | None:
    return await panel.assessor_by_key(db, token_hash(api_key))


async def candidates_for(
    uow: UnitOfWork, assessor: Assessor, programme_id: str
) -> list[PanelCandidate]:
    _own_programme(assessor, programme_id)
    return await panel.candidates_for(uow, assessor)


async def declare_conflict(
    uow: UnitOfWork, assessor: Assessor, programme_id: str, application_id: UUID
) -> None:
    await _candidate(uow, assessor, programme_id, application_id, conflicts_allowed=True)
    await panel.declare_conflict(uow, assessor.assessor_id, application_id, uow.now())


async def record_scores(
    uow: UnitOfWork,
    assessor: Assessor,
    programme_id: str,
    application_id: UUID,
    scores: dict[str, int],
    feedback: str | None,
) -> bool:
    """Record the panel member's scores; whether that completed the interview (then
    ``interview.scored`` is published with the mean of the panel's totals)."""
    rules = await _candidate(uow, assessor, programme_id, application_id)
    if problems := scoring.check_panel_scores(scores, rules):
        raise Refused("invalid_scores", problems[0].message, problems[0].field)
    now = uow.now()
    total = scoring.panel_total(scores)
    if not await panel.insert_scores(
        uow, application_id, assessor.assessor_id, scores, total, feedback, now
    ):
        raise Refused("already_scored", "you have scored this candidate already")
    score = scoring.interview_score(await panel.totals(uow, application_id), rules)
    if score is None:
        return False
    await candidates.record_interview(uow, application_id, attended=True, score=score, at=now)
    await uow.publish(
        InterviewScored(
            application_id=application_id,
            programme_id=programme_id,
            attended=True,
            score=score,
            max_score=rules.max_score,
            passed=scoring.interview_passed(score, rules),
            scored_at=now,
        )
    )
    metrics.INTERVIEWS.labels("scored").inc()
    return True


async def record_no_show(
    uow: UnitOfWork, assessor: Assessor, programme_id: str, application_id: UUID
) -> None:
    rules = await _candidate(uow, assessor, programme_id, application_id)
    if await panel.totals(uow, application_id):
        raise Refused("already_scored", "the panel has scored this candidate")
    now = uow.now()
    await candidates.record_interview(uow, application_id, attended=False, score=None, at=now)
    await uow.publish(
        InterviewScored(
            application_id=application_id,
            programme_id=programme_id,
            attended=False,
            score=None,
            max_score=rules.max_score,
            passed=False,
            scored_at=now,
        )
    )
    metrics.INTERVIEWS.labels("did_not_attend").inc()


def _own_programme(assessor: Assessor, programme_id: str) -> None:
    if assessor.programme_id != programme_id:
        raise NotFound("no such programme for this panel member")


async def _candidate(
    uow: UnitOfWork,
    assessor: Assessor,
    programme_id: str,
    application_id: UUID,
    *,
    conflicts_allowed: bool = False,
) -> InterviewRules:
    """The interview's rules, once the candidate is one this panel member may score."""
    _own_programme(assessor, programme_id)
    _, rules = await open_programme(uow, programme_id)
    await programmes.lock(uow, programme_id)
    candidate = await candidates.locked(uow, application_id)
    if (
        candidate is None
        or candidate.programme_id != programme_id
        or candidate.interview_invited_at is None
        or candidate.withdrawn_at is not None
    ):
        raise NotFound(NOT_A_CANDIDATE)
    if not conflicts_allowed and await panel.conflicted(uow, assessor.assessor_id, application_id):
        raise NotFound(NOT_A_CANDIDATE)
    if candidate.attended is not None and not conflicts_allowed:
        raise Refused("interview_complete", "the candidate's interview is complete")
    return rules.interview

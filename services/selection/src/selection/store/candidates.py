"""Candidates: every application selection heard of, where it stands in selection, and its
result. Ids, times, scores and codes only."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from returners_platform.contracts.vocabulary import SelectionOutcome, SelectionReason
from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import (
    converting,
    many,
    one,
    run,
    stamp,
    stamp_once,
    update,
    value,
    values,
)
from selection.domain.ranking import Candidate as Ranked


@dataclass(frozen=True)
class Candidate:
    application_id: UUID
    programme_id: str
    submitted_at: datetime | None
    eligible_at: datetime | None
    assessment_invited_at: datetime | None
    assessment_score: float | None
    interview_invited_at: datetime | None
    attended: bool | None
    interview_score: float | None
    withdrawn_at: datetime | None
    outcome: SelectionOutcome | None
    rank: int | None
    promoted_at: datetime | None
    released_at: datetime | None

    @property
    def holds_a_place(self) -> bool:
        """Selected (or promoted), and not given back."""
        selected = self.outcome == SelectionOutcome.SELECTED or self.promoted_at is not None
        return selected and self.released_at is None and self.withdrawn_at is None


_COLUMNS = (
    "application_id, programme_id, submitted_at, eligible_at, assessment_invited_at,"
    " assessment_score, interview_invited_at, attended, interview_score, withdrawn_at, outcome,"
    " rank, promoted_at, released_at"
)


_candidate = converting(Candidate, outcome=SelectionOutcome)


async def record_submission(
    db: Db, application_id: UUID, programme_id: str, submitted_at: datetime
) -> None:
    await run(
        db,
        "INSERT INTO candidates (application_id, programme_id, submitted_at) VALUES ($1, $2, $3)"
        " ON CONFLICT (application_id) DO UPDATE SET submitted_at = EXCLUDED.submitted_at",
        application_id,
        programme_id,
        submitted_at,
    )


async def record_eligible(db: Db, application_id: UUID, programme_id: str, at: datetime) -> None:
    await run(
        db,
        "INSERT INTO candidates (application_id, programme_id, eligible_at) VALUES ($1, $2, $3)"
        " ON CONFLICT (application_id) DO UPDATE SET"
        " eligible_at = coalesce(candidates.eligible_at, EXCLUDED.eligible_at)",
        application_id,
        programme_id,
        at,
    )


async def locked(db: Db, application_id: UUID) -> Candidate | None:
    return await one(
        db,
        _candidate,
        f"SELECT {_COLUMNS} FROM candidates WHERE application_id = $1 FOR UPDATE",
        application_id,
    )


async def get(db: Db, application_id: UUID) -> Candidate | None:
    return await one(
        db,
        _candidate,
        f"SELECT {_COLUMNS} FROM candidates WHERE application_id = $1",
        application_id,
    )


async def to_invite(db: Db, programme_id: str) -> list[UUID]:
    """Eligible candidates of the programme not yet invited to the assessment."""
    return await values(
        db,
        "SELECT application_id FROM candidates WHERE programme_id = $1 AND eligible_at IS NOT"
        " NULL AND assessment_invited_at IS NULL AND withdrawn_at IS NULL"
        " ORDER BY application_id FOR UPDATE",
        programme_id,
    )


async def mark_assessment_invited(db: Db, application_id: UUID, at: datetime) -> None:
    await stamp(db, "candidates", "assessment_invited_at", at, application_id=application_id)


async def record_assessment(db: Db, application_id: UUID, attempt: int, score: float) -> None:
    """The latest attempt's score is the candidate's."""
    await run(
        db,
        "UPDATE candidates SET assessment_score = $3, assessment_attempt = $2"
        " WHERE application_id = $1 AND coalesce(assessment_attempt, 0) <= $2",
        application_id,
        attempt,
        score,
    )


async def mark_interview_invited(db: Db, application_id: UUID, at: datetime) -> bool:
    """True the first time."""
    return await stamp_once(
        db, "candidates", "interview_invited_at", at, application_id=application_id
    )


async def record_interview(
    db: Db, application_id: UUID, *, attended: bool, score: float | None, at: datetime
) -> None:
    await update(
        db,
        "candidates",
        where={"application_id": application_id},
        attended=attended,
        interview_score=score,
        interview_scored_at=at,
    )


async def mark_withdrawn(db: Db, application_id: UUID, at: datetime) -> None:
    await stamp_once(db, "candidates", "withdrawn_at", at, application_id=application_id)


async def for_ranking(db: Db, programme_id: str) -> list[Ranked]:
    """The programme's eligible candidates still in the running, as the results read them."""
    return await many(
        db,
        Ranked,
        """
        SELECT c.application_id, c.submitted_at, c.assessment_score AS assessment, c.attended,
               c.interview_score AS interview, b.application_id IS NOT NULL AS booked
        FROM candidates c LEFT JOIN bookings b USING (application_id)
        WHERE c.programme_id = $1 AND c.eligible_at IS NOT NULL AND c.withdrawn_at IS NULL
        ORDER BY c.application_id
        """,
        programme_id,
    )


async def record_result(
    db: Db,
    application_id: UUID,
    *,
    outcome: SelectionOutcome,
    rank: int | None,
    weighted_score: float | None,
    reasons: tuple[SelectionReason, ...],
    at: datetime,
) -> None:
    await update(
        db,
        "candidates",
        where={"application_id": application_id},
        outcome=outcome.value,
        rank=rank,
        weighted_score=weighted_score,
        reasons=[r.value for r in reasons],
        decided_at=at,
    )


async def first_on_waitlist(db: Db, programme_id: str) -> Candidate | None:
    """The best-ranked waitlisted candidate not yet promoted and still in the running."""
    return await one(
        db,
        _candidate,
        f"SELECT {_COLUMNS} FROM candidates WHERE programme_id = $1 AND outcome = 'waitlisted'"
        " AND promoted_at IS NULL AND withdrawn_at IS NULL ORDER BY rank LIMIT 1 FOR UPDATE",
        programme_id,
    )


async def mark_promoted(db: Db, application_id: UUID, at: datetime) -> None:
    await stamp(db, "candidates", "promoted_at", at, application_id=application_id)


async def mark_released(db: Db, application_id: UUID, at: datetime) -> bool:
    """The candidate gave their place back; True the first time."""
    return await stamp_once(db, "candidates", "released_at", at, application_id=application_id)


async def mark_erased(db: Db, application_id: UUID, at: datetime) -> None:
    await stamp_once(db, "candidates", "erased_at", at, application_id=application_id)


async def lock_unerased(db: Db, application_id: UUID) -> bool:
    """Lock the candidate if its personal data is not erased yet and no other transaction
    holds it; False otherwise (erased, or a replica is at it)."""
    locked = await value(
        db,
        "SELECT true FROM candidates WHERE application_id = $1 AND erased_at IS NULL"
        " FOR UPDATE SKIP LOCKED",
        application_id,
    )
    return bool(locked)

"""The interview panel: assessors (their keys hashed), conflicts they declare, their scores
and feedback."""

import json
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from returners_platform.contracts.retention import RetentionPeriods
from returners_platform.contracts.vocabulary import SelectionOutcome
from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import converting, many, one, run, value, values
from selection.domain.retention import KeptFeedback


@dataclass(frozen=True)
class Assessor:
    assessor_id: UUID
    programme_id: str
    name: str


@dataclass(frozen=True)
class PanelCandidate:
    """A candidate as a panel member sees them: ids and the interview's time, no more."""

    application_id: UUID
    starts_at: datetime | None
    scored_by_me: bool
    attended: bool | None
    complete: bool


async def insert_assessor(
    db: Db, assessor_id: UUID, programme_id: str, name: str, key_hash: bytes, at: datetime
) -> None:
    await run(
        db,
        "INSERT INTO assessors (assessor_id, programme_id, name, key_hash, issued_at)"
        " VALUES ($1, $2, $3, $4, $5)",
        assessor_id,
        programme_id,
        name,
        key_hash,
        at,
    )


async def assessor_by_key(db: Db, key_hash: bytes) -> Assessor | None:
    return await one(
        db,
        Assessor,
        "SELECT assessor_id, programme_id, name FROM assessors WHERE key_hash = $1",
        key_hash,
    )


async def declare_conflict(db: Db, assessor_id: UUID, application_id: UUID, at: datetime) -> None:
    await run(
        db,
        "INSERT INTO conflicts (assessor_id, application_id, declared_at) VALUES ($1, $2, $3)"
        " ON CONFLICT DO NOTHING",
        assessor_id,
        application_id,
        at,
    )


async def conflicted(db: Db, assessor_id: UUID, application_id: UUID) -> bool:
    found = await value(
        db,
        "SELECT true FROM conflicts WHERE assessor_id = $1 AND application_id = $2",
        assessor_id,
        application_id,
    )
    return bool(found)


async def candidates_for(db: Db, assessor: Assessor) -> list[PanelCandidate]:
    """The programme's candidates invited to interview, but those the assessor declared a
    conflict with."""
    return await many(
        db,
        PanelCandidate,
        """
        SELECT c.application_id, s.starts_at, c.attended,
               EXISTS (SELECT 1 FROM panel_scores p WHERE p.application_id = c.application_id
                       AND p.assessor_id = $2) AS scored_by_me,
               c.interview_scored_at IS NOT NULL AS complete
        FROM candidates c
        LEFT JOIN bookings b USING (application_id)
        LEFT JOIN interview_slots s USING (slot_id)
        WHERE c.programme_id = $1 AND c.interview_invited_at IS NOT NULL
          AND c.withdrawn_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM conflicts x WHERE x.assessor_id = $2
                          AND x.application_id = c.application_id)
        ORDER BY s.starts_at NULLS LAST, c.application_id
        """,
        assessor.programme_id,
        assessor.assessor_id,
    )


async def insert_scores(
    db: Db,
    application_id: UUID,
    assessor_id: UUID,
    scores: dict[str, int],
    total: int,
    feedback: str | None,
    at: datetime,
) -> bool:
    """Record a panel member's scores; False if they had already scored the candidate."""
    inserted = await value(
        db,
        "INSERT INTO panel_scores (application_id, assessor_id, scores, total, feedback, scored_at)"
        " VALUES ($1, $2, $3::jsonb, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING true",
        application_id,
        assessor_id,
        json.dumps(scores),
        total,
        feedback,
        at,
    )
    return bool(inserted)


async def totals(db: Db, application_id: UUID) -> list[int]:
    return await values(
        db,
        "SELECT total FROM panel_scores WHERE application_id = $1 ORDER BY scored_at, assessor_id",
        application_id,
    )


async def feedback_of(db: Db, application_id: UUID) -> list[str]:
    return await values(
        db,
        "SELECT feedback FROM panel_scores WHERE application_id = $1 AND feedback IS NOT NULL"
        " ORDER BY scored_at, assessor_id",
        application_id,
    )


async def erase_feedback(db: Db, application_id: UUID) -> None:
    await run(
        db, "UPDATE panel_scores SET feedback = NULL WHERE application_id = $1", application_id
    )


async def feedback_held(db: Db) -> list[KeptFeedback]:
    """Every candidate whose feedback is still held (not erased), with what its retention
    date depends on."""
    return await many(
        db,
        converting(KeptFeedback, outcome=SelectionOutcome, periods=_periods),
        "SELECT c.application_id, c.outcome, c.withdrawn_at, p.decided_at AS results_at,"
        " coalesce(p.retention::text, '{}') AS periods"
        " FROM candidates c JOIN programmes p USING (programme_id)"
        " WHERE c.erased_at IS NULL AND EXISTS (SELECT 1 FROM panel_scores s"
        "   WHERE s.application_id = c.application_id AND s.feedback IS NOT NULL)",
    )


def _periods(text: str) -> RetentionPeriods:
    return RetentionPeriods.model_validate_json(text)

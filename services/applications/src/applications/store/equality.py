"""Equality monitoring answers: recorded with the application (``applications.insert``),
deleted on erasure, read only as counts (``domain.equality`` suppresses them before anyone
sees them)."""

from uuid import UUID

from applications.domain.equality import QUESTIONS, Count
from applications.domain.status import ApplicationStatus
from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import converting, many, value

_QUESTIONS = tuple(QUESTIONS)  # the columns, named as the questions are


async def erase(db: Db, application_id: UUID) -> bool:
    """Delete the answers; True if there were any."""
    deleted = await value(
        db,
        "DELETE FROM equality_answers WHERE application_id = $1 RETURNING true",
        application_id,
    )
    return bool(deleted)


async def counts(db: Db, programme_id: str) -> list[Count]:
    """The programme's applications counted by question, answer (None: not answered) and
    status: every applicant once per question."""
    pairs = ", ".join(f"('{question}', e.{question})" for question in _QUESTIONS)
    return await many(
        db,
        converting(Count, status=ApplicationStatus),
        "SELECT q.question, q.answer, a.status, count(*)::int AS applicants"
        " FROM applications a LEFT JOIN equality_answers e USING (application_id)"
        f" CROSS JOIN LATERAL (VALUES {pairs}) AS q (question, answer)"
        " WHERE a.programme_id = $1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        programme_id,
    )

"""Referees' answers (``reference.received``): each of an application's two references and
its outcome, kept by application so an answer that arrives before the placement opens still
counts when it does. The ``references`` condition follows from both."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from returners_platform.contracts.vocabulary import RefereeKind, ReferenceNumber, ReferenceOutcome
from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import converting, many, run


@dataclass(frozen=True)
class ReferenceAnswer:
    reference: ReferenceNumber
    reference_id: UUID
    referee_kind: RefereeKind
    outcome: ReferenceOutcome
    received_at: datetime


_answer = converting(
    ReferenceAnswer,
    reference=ReferenceNumber,
    referee_kind=RefereeKind,
    outcome=ReferenceOutcome,
)


async def record(
    db: Db,
    application_id: UUID,
    *,
    reference: ReferenceNumber,
    reference_id: UUID,
    referee_kind: RefereeKind,
    outcome: ReferenceOutcome,
    received_at: datetime,
) -> None:
    """Keep the answer; a later answer for the same reference replaces an earlier one."""
    await run(
        db,
        "INSERT INTO reference_answers (application_id, reference, reference_id, referee_kind,"
        " outcome, received_at) VALUES ($1, $2, $3, $4, $5, $6)"
        " ON CONFLICT (application_id, reference) DO UPDATE SET"
        " reference_id = EXCLUDED.reference_id, referee_kind = EXCLUDED.referee_kind,"
        " outcome = EXCLUDED.outcome, received_at = EXCLUDED.received_at"
        " WHERE reference_answers.received_at <= EXCLUDED.received_at",
        application_id,
        reference.value,
        reference_id,
        referee_kind.value,
        outcome.value,
        received_at,
    )


async def of_application(db: Db, application_id: UUID) -> list[ReferenceAnswer]:
    """The application's answers, in the order they were received."""
    return await many(
        db,
        _answer,
        "SELECT reference, reference_id, referee_kind, outcome, received_at"
        " FROM reference_answers WHERE application_id = $1 ORDER BY received_at, reference",
        application_id,
    )

"""References: one row per referee of an application (who they are: personal data; ``kind`` is
how they know the applicant, the body's ``relationship``), with the reference's one-time link
(its token exists once notifications asks for it, kept hashed) and the referee's answer.
Erased with the applicant."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from applications.domain.references import RefereeKind, ReferenceNumber, ReferenceOutcome
from applications.store import records
from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import converting, one, run, update, value

_STATE = (
    "reference_id, application_id, reference, kind, requested_at, expires_at, outcome, received_at"
)


@dataclass(frozen=True)
class NewReferee:
    reference_id: UUID
    application_id: UUID
    reference: ReferenceNumber
    kind: RefereeKind
    name: str
    email: str
    organisation: str | None
    requested_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class Reference:
    """Where a reference stands (nothing of who the referee is, nor what they wrote)."""

    reference_id: UUID
    application_id: UUID
    reference: ReferenceNumber
    kind: RefereeKind
    requested_at: datetime
    expires_at: datetime
    outcome: ReferenceOutcome | None
    received_at: datetime | None


@dataclass(frozen=True)
class Referee:
    """Who a referee is and where to write to them (personal data: never logged)."""

    name: str
    email: str
    organisation: str | None

    def __repr__(self) -> str:
        return "Referee(<personal data>)"


_reference = converting(
    Reference,
    reference=ReferenceNumber,
    kind=RefereeKind,
    outcome=ReferenceOutcome,
)
_NAMES = records.names(_STATE)


async def insert(db: Db, referee: NewReferee) -> None:
    await run(
        db,
        "INSERT INTO referees (reference_id, application_id, reference, kind, name, email,"
        " organisation, requested_at, expires_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        referee.reference_id,
        referee.application_id,
        referee.reference.value,
        referee.kind.value,
        referee.name,
        referee.email,
        referee.organisation,
        referee.requested_at,
        referee.expires_at,
    )


async def set_employment(db: Db, application_id: UUID, employed: bool | None) -> None:
    """What the applicant said of their employment in the last three years (None: not asked,
    their referees being employers)."""
    await update(
        db,
        "applications",
        where={"application_id": application_id},
        employed_in_last_three_years=employed,
    )


async def any_given(db: Db, application_id: UUID) -> bool:
    return bool(
        await value(db, "SELECT true FROM referees WHERE application_id = $1", application_id)
    )


def as_records(application_id: str) -> str:
    """SQL: where the references of the application ``application_id`` names (an expression
    of the enclosing statement) stand, in order, as an array of records (``from_records``)."""
    return records.array_of(_STATE, "referees", application_id, "reference")


def from_records(references: Iterable[Sequence[Any]]) -> list[Reference]:
    return records.read_all(_reference, _NAMES, references)


async def of_id(db: Db, reference_id: UUID) -> Reference | None:
    return await one(
        db, _reference, f"SELECT {_STATE} FROM referees WHERE reference_id = $1", reference_id
    )


async def by_token(db: Db, token_hash: bytes) -> Reference | None:
    """The reference whose link has this token (whichever reference that is)."""
    return await one(
        db, _reference, f"SELECT {_STATE} FROM referees WHERE token_hash = $1", token_hash
    )


async def referee(db: Db, reference_id: UUID) -> Referee | None:
    return await one(
        db,
        Referee,
        "SELECT name, email, organisation FROM referees WHERE reference_id = $1",
        reference_id,
    )


async def set_token(db: Db, reference_id: UUID, token_hash: bytes, at: datetime) -> None:
    """The link's token (a new one replaces the one before: only the latest email works)."""
    await update(
        db, "referees", where={"reference_id": reference_id}, token_hash=token_hash, issued_at=at
    )


async def record_answer(
    db: Db,
    reference_id: UUID,
    token_hash: bytes,
    outcome: ReferenceOutcome,
    statement: str,
    at: datetime,
) -> bool:
    """The referee's answer through the link with this token, once (the link is spent with
    it); False if the link is not (or no longer) this reference's, unanswered and unexpired."""
    answered = await value(
        db,
        "UPDATE referees SET outcome = $3, statement = $4, received_at = $5, token_hash = NULL"
        " WHERE reference_id = $1 AND token_hash = $2 AND received_at IS NULL"
        " AND expires_at > $5 RETURNING true",
        reference_id,
        token_hash,
        outcome.value,
        statement,
        at,
    )
    return bool(answered)


async def erase(db: Db, application_id: UUID) -> bool:
    """Delete the referees, their links and what they wrote, and what the applicant said of
    their employment; True if there were any referees."""
    await run(
        db,
        "UPDATE applications SET employed_in_last_three_years = NULL WHERE application_id = $1",
        application_id,
    )
    deleted = await value(
        db,
        "DELETE FROM referees WHERE application_id = $1 RETURNING true",
        application_id,
    )
    return bool(deleted)

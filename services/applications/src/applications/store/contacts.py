"""Applicants' contact details: the personal data of the platform, erased on request."""

from dataclasses import dataclass
from uuid import UUID

from returners_platform.messaging.unit_of_work import Db, connection_of


@dataclass(frozen=True)
class Contact:
    given_name: str
    family_name: str
    email: str


async def of_application(db: Db, application_id: UUID) -> Contact | None:
    row = await connection_of(db).fetchrow(
        "SELECT given_name, family_name, email FROM applicant_contacts WHERE application_id = $1",
        application_id,
    )
    return Contact(**dict(row)) if row else None


async def latest_application_for_email(db: Db, email: str) -> UUID | None:
    """The most recent application whose contact address is ``email`` (case aside)."""
    found: UUID | None = await connection_of(db).fetchval(
        "SELECT c.application_id FROM applicant_contacts c JOIN applications a"
        " USING (application_id) WHERE lower(c.email) = lower($1)"
        " ORDER BY a.submitted_at DESC LIMIT 1",
        email,
    )
    return found


async def erase(db: Db, application_id: UUID) -> bool:
    """Delete the contact details and what was derived from them (the stored Idempotency-Key
    answer, sign-in links and sessions); True if there was anything to delete."""
    conn = connection_of(db)
    await conn.execute("DELETE FROM sign_in_links WHERE application_id = $1", application_id)
    await conn.execute("DELETE FROM applicant_sessions WHERE application_id = $1", application_id)
    deleted = await conn.fetchval(
        "DELETE FROM applicant_contacts WHERE application_id = $1 RETURNING true", application_id
    )
    await conn.execute("DELETE FROM idempotency_keys WHERE application_id = $1", application_id)
    return bool(deleted)

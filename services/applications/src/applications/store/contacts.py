"""Applicants' contact details: the personal data of the platform, erased on request."""

from dataclasses import dataclass
from uuid import UUID

from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import one, run, value


@dataclass(frozen=True)
class Contact:
    given_name: str
    family_name: str
    email: str


async def of_application(db: Db, application_id: UUID) -> Contact | None:
    return await one(
        db,
        Contact,
        "SELECT given_name, family_name, email FROM applicant_contacts WHERE application_id = $1",
        application_id,
    )


async def latest_application_for_email(db: Db, email: str) -> UUID | None:
    """The most recent application whose contact address is ``email`` (case aside)."""
    found: UUID | None = await value(
        db,
        "SELECT c.application_id FROM applicant_contacts c JOIN applications a"
        " USING (application_id) WHERE lower(c.email) = lower($1)"
        " ORDER BY a.submitted_at DESC LIMIT 1",
        email,
    )
    return found


async def erase(db: Db, application_id: UUID) -> bool:
    """Delete the contact details and what was derived from them (the stored Idempotency-Key
    answer, sign-in links and sessions); True if there was anything to delete."""
    await run(db, "DELETE FROM sign_in_links WHERE application_id = $1", application_id)
    await run(db, "DELETE FROM applicant_sessions WHERE application_id = $1", application_id)
    deleted = await value(
        db,
        "DELETE FROM applicant_contacts WHERE application_id = $1 RETURNING true",
        application_id,
    )
    await run(db, "DELETE FROM idempotency_keys WHERE application_id = $1", application_id)
    return bool(deleted)

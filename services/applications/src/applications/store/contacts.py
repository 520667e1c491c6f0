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


async def erase(db: Db, application_id: UUID) -> bool:
    """Delete the contact details and what was derived from them (the stored Idempotency-Key
    answer); True if there was anything to delete."""
    conn = connection_of(db)
    deleted = await conn.fetchval(
        "DELETE FROM applicant_contacts WHERE application_id = $1 RETURNING true", application_id
    )
    await conn.execute("DELETE FROM idempotency_keys WHERE application_id = $1", application_id)
    return bool(deleted)

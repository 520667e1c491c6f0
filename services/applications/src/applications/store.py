"""All SQL of the applications service: which table each fact lives in.

Tables: ``programmes`` (copies of programme.published), ``applications``,
``applicant_contacts`` (the only personal data), ``offers``, ``timeline_entries``,
``idempotency_keys``; plus ``outbox`` and ``processed_events`` for messaging.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from applications.domain.status import ApplicationStatus, OfferStatus, derive_status
from returners_platform.messaging.unit_of_work import Connection


@dataclass(frozen=True)
class ProgrammeWindow:
    programme_id: str
    opens_at: datetime
    closes_at: datetime
    regions: list[str]
    specialisms: list[str]


async def upsert_programme(conn: Connection, definition: dict[str, Any]) -> None:
    await conn.execute(
        """
        INSERT INTO programmes (programme_id, title, opens_at, closes_at, timezone, starts_on,
                                regions, specialisms, published_at, definition)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
        ON CONFLICT (programme_id) DO UPDATE SET
            title = EXCLUDED.title, opens_at = EXCLUDED.opens_at, closes_at = EXCLUDED.closes_at,
            timezone = EXCLUDED.timezone, starts_on = EXCLUDED.starts_on,
            regions = EXCLUDED.regions, specialisms = EXCLUDED.specialisms,
            published_at = EXCLUDED.published_at, definition = EXCLUDED.definition
        WHERE programmes.published_at <= EXCLUDED.published_at
        """,
        definition["programme_id"],
        definition["title"],
        datetime.fromisoformat(definition["opens_at"]),
        datetime.fromisoformat(definition["closes_at"]),
        definition["timezone"],
        datetime.fromisoformat(definition["starts_on"]).date(),
        definition["regions"],
        definition["specialisms"],
        datetime.fromisoformat(definition["published_at"]),
        json.dumps(definition),
    )


async def programme_window(conn: Connection, programme_id: str) -> ProgrammeWindow | None:
    row = await conn.fetchrow(
        "SELECT programme_id, opens_at, closes_at, regions, specialisms"
        " FROM programmes WHERE programme_id = $1",
        programme_id,
    )
    return ProgrammeWindow(**dict(row)) if row else None


async def insert_application(
    conn: Connection,
    *,
    application_id: UUID,
    programme_id: str,
    submitted_at: datetime,
    token_hash: bytes,
    right_to_work_uk: bool,
    registration: dict[str, Any],
    preferences: dict[str, Any],
    contact: dict[str, str],
    consent_given: bool,
) -> None:
    # One round trip: the application, its contact details and its first timeline entry.
    await conn.execute(
        """
        WITH application AS (
            INSERT INTO applications (application_id, programme_id, status, submitted_at,
                                      token_hash, right_to_work_uk, registration, preferences)
            VALUES ($1, $2, 'submitted', $3, $4, $5, $6::jsonb, $7::jsonb)
            RETURNING application_id
        ), contact AS (
            INSERT INTO applicant_contacts (application_id, given_name, family_name, email,
                                            phone, postcode, consent_given_at)
            SELECT application_id, $8, $9, $10, $11, $12, $13 FROM application
        )
        INSERT INTO timeline_entries (application_id, type, at)
        SELECT application_id, 'submitted', $3 FROM application
        """,
        application_id,
        programme_id,
        submitted_at,
        token_hash,
        right_to_work_uk,
        json.dumps(registration),
        json.dumps(preferences),
        contact["given_name"],
        contact["family_name"],
        contact["email"],
        contact["phone"],
        contact["postcode"],
        submitted_at if consent_given else None,
    )


async def authorised_application(
    conn: Connection, application_id: UUID, token_hash: bytes, *, for_update: bool = True
) -> asyncpg.Record | None:
    """The application, only if ``token_hash`` is its token's hash; locked for update unless
    ``for_update`` is false (a read: a row lock would make its commit a durable write)."""
    return await conn.fetchrow(
        "SELECT * FROM applications WHERE application_id = $1 AND token_hash = $2"
        + (" FOR UPDATE" if for_update else ""),
        application_id,
        token_hash,
    )


async def application(conn: Connection, application_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT * FROM applications WHERE application_id = $1 FOR UPDATE", application_id
    )


async def add_timeline(
    conn: Connection,
    application_id: UUID,
    entry_type: str,
    at: datetime,
    details: dict[str, Any] | None = None,
) -> None:
    await conn.execute(
        "INSERT INTO timeline_entries (application_id, type, at, details)"
        " VALUES ($1, $2, $3, $4::jsonb)",
        application_id,
        entry_type,
        at,
        json.dumps(details or {}),
    )


async def refresh_status(conn: Connection, application_id: UUID) -> ApplicationStatus:
    """Recompute and store the status from the recorded facts."""
    row = await conn.fetchrow(
        "SELECT withdrawn_at, hired_at, eligibility FROM applications WHERE application_id = $1",
        application_id,
    )
    assert row is not None
    offers = await conn.fetch("SELECT status FROM offers WHERE application_id = $1", application_id)
    eligibility = json.loads(row["eligibility"]) if row["eligibility"] else None
    status = derive_status(
        withdrawn=row["withdrawn_at"] is not None,
        hired=row["hired_at"] is not None,
        eligible=eligibility["eligible"] if eligibility else None,
        offer_statuses=[OfferStatus(o["status"]) for o in offers],
    )
    await conn.execute(
        "UPDATE applications SET status = $2, updated_at = now() WHERE application_id = $1",
        application_id,
        status.value,
    )
    return status


async def record_eligibility(
    conn: Connection, application_id: UUID, eligibility: dict[str, Any]
) -> None:
    await conn.execute(
        "UPDATE applications SET eligibility = $2::jsonb WHERE application_id = $1",
        application_id,
        json.dumps(eligibility),
    )


async def insert_offer(conn: Connection, offer: dict[str, Any]) -> bool:
    inserted = await conn.fetchval(
        """
        INSERT INTO offers (offer_id, application_id, council_id, vacancy_id, region, specialism,
                            updating_days, starts_on, offered_at, expires_at, status)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'offered')
        ON CONFLICT (offer_id) DO NOTHING RETURNING true
        """,
        offer["offer_id"],
        offer["application_id"],
        offer["council_id"],
        offer["vacancy_id"],
        offer["region"],
        offer["specialism"],
        offer["updating_days"],
        offer["starts_on"],
        offer["offered_at"],
        offer["expires_at"],
    )
    return bool(inserted)


async def offer(conn: Connection, application_id: UUID, offer_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT * FROM offers WHERE application_id = $1 AND offer_id = $2 FOR UPDATE",
        application_id,
        offer_id,
    )


async def set_offer_status(
    conn: Connection, offer_id: UUID, status: OfferStatus, at: datetime
) -> None:
    await conn.execute(
        "UPDATE offers SET status = $2, answered_at = $3 WHERE offer_id = $1",
        offer_id,
        status.value,
        at,
    )


async def withdraw_open_offers(conn: Connection, application_id: UUID) -> None:
    await conn.execute(
        "UPDATE offers SET status = 'withdrawn' WHERE application_id = $1 AND status = 'offered'",
        application_id,
    )


async def mark_withdrawn(conn: Connection, application_id: UUID, at: datetime) -> None:
    await conn.execute(
        "UPDATE applications SET withdrawn_at = $2 WHERE application_id = $1", application_id, at
    )


async def mark_hired(conn: Connection, application_id: UUID, at: datetime) -> None:
    await conn.execute(
        "UPDATE applications SET hired_at = $2 WHERE application_id = $1", application_id, at
    )


async def erase_personal_data(conn: Connection, application_id: UUID, at: datetime) -> bool:
    """Delete the contact details (and anything derived from them); True the first time."""
    deleted = await conn.fetchval(
        "DELETE FROM applicant_contacts WHERE application_id = $1 RETURNING true", application_id
    )
    await conn.execute("DELETE FROM idempotency_keys WHERE application_id = $1", application_id)
    first = await conn.fetchval(
        "UPDATE applications SET erased_at = $2 WHERE application_id = $1 AND erased_at IS NULL"
        " RETURNING true",
        application_id,
        at,
    )
    return bool(deleted or first)


async def contact(conn: Connection, application_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT given_name, family_name, email FROM applicant_contacts WHERE application_id = $1",
        application_id,
    )


async def status_view(
    conn: Connection, application_id: UUID, application: asyncpg.Record | None = None
) -> dict[str, Any]:
    """What the applicant sees; ``application`` is the application's row if already read."""
    app = application or await conn.fetchrow(
        "SELECT application_id, programme_id, status, submitted_at, eligibility, erased_at"
        " FROM applications WHERE application_id = $1",
        application_id,
    )
    assert app is not None
    offers = await conn.fetch(
        "SELECT offer_id, council_id, vacancy_id, region, specialism, updating_days, starts_on,"
        " offered_at, expires_at, status, answered_at FROM offers WHERE application_id = $1"
        " ORDER BY offered_at, offer_id",
        application_id,
    )
    timeline = await conn.fetch(
        "SELECT type, at, details FROM timeline_entries WHERE application_id = $1 ORDER BY at, id",
        application_id,
    )
    return {
        "application_id": app["application_id"],
        "programme_id": app["programme_id"],
        "status": app["status"],
        "submitted_at": app["submitted_at"],
        "eligibility": json.loads(app["eligibility"]) if app["eligibility"] else None,
        "offers": [dict(o) for o in offers],
        "timeline": [
            {"type": t["type"], "at": t["at"], **json.loads(t["details"])} for t in timeline
        ],
        "personal_data_erased": app["erased_at"] is not None,
    }

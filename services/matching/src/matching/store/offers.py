"""Offers: who was offered which vacancy, until when, and what became of it."""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

import asyncpg

from matching.domain.offers import OfferStatus
from returners_platform.messaging.unit_of_work import Connection

_LIVE = "('offered', 'accepted', 'hired')"


@dataclass(frozen=True)
class NewOffer:
    offer_id: UUID
    application_id: UUID
    programme_id: str
    vacancy_id: UUID
    council_id: UUID
    updating_days: int
    starts_on: date
    offered_at: datetime
    expires_at: datetime


async def insert(conn: Connection, offer: NewOffer) -> None:
    await conn.execute(
        "INSERT INTO offers (offer_id, application_id, programme_id, vacancy_id, council_id,"
        " updating_days, starts_on, offered_at, expires_at, status)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'offered')",
        offer.offer_id,
        offer.application_id,
        offer.programme_id,
        offer.vacancy_id,
        offer.council_id,
        offer.updating_days,
        offer.starts_on,
        offer.offered_at,
        offer.expires_at,
    )


async def get(conn: Connection, offer_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM offers WHERE offer_id = $1 FOR UPDATE", offer_id)


async def set_status(conn: Connection, offer_id: UUID, status: OfferStatus, at: datetime) -> None:
    await conn.execute(
        "UPDATE offers SET status = $2, answered_at = $3 WHERE offer_id = $1",
        offer_id,
        status.value,
        at,
    )


async def mark_hired(conn: Connection, offer_id: UUID, at: datetime) -> None:
    await conn.execute(
        "UPDATE offers SET status = 'hired', hired_at = $2 WHERE offer_id = $1", offer_id, at
    )


async def live_of_applicant(conn: Connection, application_id: UUID) -> list[asyncpg.Record]:
    return list(
        await conn.fetch(
            f"SELECT * FROM offers WHERE application_id = $1 AND status IN {_LIVE} FOR UPDATE",
            application_id,
        )
    )


async def of_council(
    conn: Connection, council_id: UUID, status: OfferStatus | None = None
) -> list[asyncpg.Record]:
    return list(
        await conn.fetch(
            "SELECT o.*, v.region, v.specialism FROM offers o JOIN vacancies v USING (vacancy_id)"
            " JOIN applicants a USING (application_id)"
            " WHERE o.council_id = $1 AND ($2::text IS NULL OR o.status = $2)"
            " ORDER BY o.offered_at, a.submitted_at, o.application_id",
            council_id,
            status.value if status else None,
        )
    )


async def live_with_council(
    conn: Connection, council_id: UUID, application_id: UUID
) -> asyncpg.Record | None:
    """The applicant's live offer from this council, if any (locked)."""
    return await conn.fetchrow(
        f"SELECT * FROM offers WHERE council_id = $1 AND application_id = $2"
        f" AND status IN {_LIVE} FOR UPDATE",
        council_id,
        application_id,
    )


async def programmes_with_due_offers(conn: Connection, now: datetime) -> list[str]:
    rows = await conn.fetch(
        "SELECT DISTINCT programme_id FROM offers WHERE status = 'offered' AND expires_at <= $1"
        " ORDER BY programme_id",
        now,
    )
    return [r["programme_id"] for r in rows]


async def due(conn: Connection, programme_id: str, now: datetime) -> list[asyncpg.Record]:
    return list(
        await conn.fetch(
            "SELECT * FROM offers WHERE programme_id = $1 AND status = 'offered'"
            " AND expires_at <= $2 ORDER BY expires_at, offer_id FOR UPDATE",
            programme_id,
            now,
        )
    )


async def places_taken(conn: Connection, programme_id: str) -> int:
    count = await conn.fetchval(
        f"SELECT count(*) FROM offers WHERE programme_id = $1 AND status IN {_LIVE}",
        programme_id,
    )
    return int(count)

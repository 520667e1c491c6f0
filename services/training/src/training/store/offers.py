"""Offers: the terms ``placement.offered`` stated and the acceptance ``placement.accepted``
reported, which may arrive in either order."""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import one, run


@dataclass(frozen=True)
class Offer:
    offer_id: UUID
    application_id: UUID
    programme_id: str
    council_id: UUID
    vacancy_id: UUID
    region: str | None
    updating_days: int | None
    starts_on: date | None
    offered_at: datetime | None
    accepted_at: datetime | None


async def record_terms(
    db: Db,
    *,
    offer_id: UUID,
    application_id: UUID,
    programme_id: str,
    council_id: UUID,
    vacancy_id: UUID,
    region: str,
    updating_days: int,
    starts_on: date,
    offered_at: datetime,
) -> None:
    await run(
        db,
        "INSERT INTO offers (offer_id, application_id, programme_id, council_id, vacancy_id,"
        " region, updating_days, starts_on, offered_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        " ON CONFLICT (offer_id) DO UPDATE SET region = EXCLUDED.region,"
        " updating_days = EXCLUDED.updating_days, starts_on = EXCLUDED.starts_on,"
        " offered_at = EXCLUDED.offered_at",
        offer_id,
        application_id,
        programme_id,
        council_id,
        vacancy_id,
        region,
        updating_days,
        starts_on,
        offered_at,
    )


async def record_acceptance(
    db: Db,
    *,
    offer_id: UUID,
    application_id: UUID,
    programme_id: str,
    council_id: UUID,
    vacancy_id: UUID,
    accepted_at: datetime,
) -> None:
    await run(
        db,
        "INSERT INTO offers (offer_id, application_id, programme_id, council_id, vacancy_id,"
        " accepted_at) VALUES ($1, $2, $3, $4, $5, $6)"
        " ON CONFLICT (offer_id) DO UPDATE SET accepted_at = EXCLUDED.accepted_at",
        offer_id,
        application_id,
        programme_id,
        council_id,
        vacancy_id,
        accepted_at,
    )


async def locked(db: Db, offer_id: UUID) -> Offer | None:
    return await one(db, Offer, "SELECT * FROM offers WHERE offer_id = $1 FOR UPDATE", offer_id)

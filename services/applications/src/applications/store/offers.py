"""Offers made to applicants (copies of placement.offered) and their answers."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from applications.domain.status import OfferStatus
from applications.store import records
from returners_platform.contracts.events import AnyPlacementOffered, job_family_of
from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import converting, one, run, update, value

_COLUMNS = (
    "offer_id, application_id, council_id, vacancy_id, region, specialism, updating_days,"
    " starts_on, offered_at, expires_at, status, answered_at"
)


@dataclass(frozen=True)
class Offer:
    offer_id: UUID
    application_id: UUID
    council_id: UUID
    vacancy_id: UUID
    region: str
    specialism: str
    updating_days: int
    starts_on: date
    offered_at: datetime
    expires_at: datetime
    status: OfferStatus
    answered_at: datetime | None


_offer = converting(Offer, status=OfferStatus)
_NAMES = records.names(_COLUMNS)


async def record_offered(db: Db, offered: AnyPlacementOffered) -> bool:
    """Record the offer ``placement.offered`` made, open and unanswered; False if it was
    recorded before."""
    inserted = await value(
        db,
        f"INSERT INTO offers ({_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
        " NULL) ON CONFLICT (offer_id) DO NOTHING RETURNING true",
        offered.offer_id,
        offered.application_id,
        offered.council_id,
        offered.vacancy_id,
        offered.region.value,
        job_family_of(offered),
        offered.updating_days,
        offered.starts_on,
        offered.offered_at,
        offered.expires_at,
        OfferStatus.OFFERED.value,
    )
    return bool(inserted)


async def locked(db: Db, application_id: UUID, offer_id: UUID) -> Offer | None:
    """The application's offer, locked for the transaction."""
    return await one(
        db,
        _offer,
        f"SELECT {_COLUMNS} FROM offers WHERE application_id = $1 AND offer_id = $2 FOR UPDATE",
        application_id,
        offer_id,
    )


def records_of(application_id: str) -> str:
    """SQL: the offers of the application ``application_id`` names (an expression of the
    enclosing statement), oldest first, as an array of records (read by ``from_records``)."""
    return (
        f"ARRAY(SELECT ROW({_COLUMNS}) FROM offers WHERE offers.application_id ="
        f" {application_id} ORDER BY offered_at, offer_id)"
    )


def from_records(offers: Iterable[Sequence[Any]]) -> list[Offer]:
    return records.read_all(_offer, _NAMES, offers)


async def set_status(db: Db, offer_id: UUID, status: OfferStatus, at: datetime) -> None:
    await update(db, "offers", where={"offer_id": offer_id}, status=status.value, answered_at=at)


async def withdraw_open(db: Db, application_id: UUID) -> None:
    """The applicant withdrew: every offer still open is withdrawn with them."""
    await run(
        db,
        "UPDATE offers SET status = $2 WHERE application_id = $1 AND status = $3",
        application_id,
        OfferStatus.WITHDRAWN.value,
        OfferStatus.OFFERED.value,
    )

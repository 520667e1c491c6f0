"""Offers made to applicants (copies of placement.offered) and their answers."""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

from applications.domain.status import OfferStatus
from applications.store import records
from applications.store.timeline import TimelineEntry
from returners_platform.contracts.events import AnyPlacementOffered, job_family_of
from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import converting, one, run, update

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


class Offering(Enum):
    """What recording an offer did."""

    RECORDED = "recorded"
    RECORDED_BEFORE = "recorded_before"  # nothing written
    NO_APPLICATION = "no_application"  # nothing written


async def record_offered(db: Db, offered: AnyPlacementOffered, entry: TimelineEntry) -> Offering:
    """Record the offer ``placement.offered`` made, open and unanswered, with its timeline
    ``entry``, once, and only if the application is known (locked for the transaction, as
    the status it changes is stored next).

    One statement, on the consumer's critical path to the applicant (three before: the
    lock, the offer, the entry)."""
    row = await one(
        db,
        dict[str, bool],
        f"""
        WITH application AS (
            SELECT application_id FROM applications WHERE application_id = $2 FOR UPDATE
        ), offer AS (
            INSERT INTO offers ({_COLUMNS})
            SELECT $1, application_id, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL
            FROM application
            ON CONFLICT (offer_id) DO NOTHING RETURNING application_id
        ), entry AS (
            INSERT INTO timeline_entries (application_id, type, at, details)
            SELECT application_id, $12, $13, $14::jsonb FROM offer
        )
        SELECT EXISTS (SELECT FROM application) AS known, EXISTS (SELECT FROM offer) AS new
        """,
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
        entry.type,
        entry.at,
        json.dumps(entry.details),
    )
    assert row is not None  # the statement has one row, whatever it wrote
    if not row["known"]:
        return Offering.NO_APPLICATION
    return Offering.RECORDED if row["new"] else Offering.RECORDED_BEFORE


async def locked(db: Db, application_id: UUID, offer_id: UUID) -> Offer | None:
    """The application's offer, locked for the transaction."""
    return await one(
        db,
        _offer,
        f"SELECT {_COLUMNS} FROM offers WHERE application_id = $1 AND offer_id = $2 FOR UPDATE",
        application_id,
        offer_id,
    )


def as_records(application_id: str) -> str:
    """SQL: the offers of the application ``application_id`` names (an expression of the
    enclosing statement), oldest first, as an array of records (read by ``from_records``)."""
    return records.array_of(_COLUMNS, "offers", application_id, "offered_at, offer_id")


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

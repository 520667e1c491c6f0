"""Offers: who was offered which vacancy, until when, and what became of it.

Which statuses hold a place and which bar a vacancy are the domain's
(``domain.offers.HOLDS_A_PLACE``, ``BARS_THE_VACANCY``), bound into the SQL as parameters.
"""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from matching.domain.offers import HOLDS_A_PLACE, OfferStatus
from returners_platform.messaging.unit_of_work import OUTBOX_COLUMNS, Db, OutboxRow
from returners_platform.store import converting, many, one, run, update, value, values

_COLUMNS = (
    "offer_id, application_id, programme_id, vacancy_id, council_id, updating_days, starts_on,"
    " offered_at, expires_at, status, answered_at, hired_at, withdrawal_reason,"
    " placement_withdrawn_at, placement_withdrawal_reason"
)
_INSERTED = (
    "offer_id, application_id, programme_id, vacancy_id, council_id, updating_days, starts_on,"
    " offered_at, expires_at, status, answered_at, hired_at"
)


def statuses(of: frozenset[OfferStatus]) -> list[str]:
    """A set of statuses as a query parameter (``status = ANY($n)``)."""
    return sorted(s.value for s in of)


@dataclass(frozen=True)
class Offer:
    offer_id: UUID
    application_id: UUID
    programme_id: str
    vacancy_id: UUID
    council_id: UUID
    updating_days: int
    starts_on: date
    offered_at: datetime
    expires_at: datetime
    status: OfferStatus = OfferStatus.OFFERED
    answered_at: datetime | None = None
    hired_at: datetime | None = None
    withdrawal_reason: str | None = None  # conditions_not_met; null for the applicant's own
    placement_withdrawn_at: datetime | None = None  # the returner left the placement
    placement_withdrawal_reason: str | None = None


@dataclass(frozen=True)
class CouncilOffer(Offer):
    """An offer as its council sees it, with the vacancy's region and specialism."""

    region: str = ""
    specialism: str = ""


_offer = converting(Offer, status=OfferStatus)


async def insert(db: Db, offer: Offer, offered: OutboxRow) -> None:
    """Record the offer and ``offered`` (its event) in the outbox, in one statement."""
    await run(
        db,
        f"""
        WITH offer AS (
            INSERT INTO offers ({_INSERTED})
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
        )
        INSERT INTO outbox ({OUTBOX_COLUMNS}) VALUES ($13, $14, $15, $16, $17::jsonb)
        """,
        offer.offer_id,
        offer.application_id,
        offer.programme_id,
        offer.vacancy_id,
        offer.council_id,
        offer.updating_days,
        offer.starts_on,
        offer.offered_at,
        offer.expires_at,
        offer.status.value,
        offer.answered_at,
        offer.hired_at,
        *offered.values(),
    )


async def locked(db: Db, offer_id: UUID) -> Offer | None:
    return await one(
        db, _offer, f"SELECT {_COLUMNS} FROM offers WHERE offer_id = $1 FOR UPDATE", offer_id
    )


async def set_status(db: Db, offer_id: UUID, status: OfferStatus, at: datetime) -> None:
    await update(db, "offers", where={"offer_id": offer_id}, status=status.value, answered_at=at)


async def withdraw(db: Db, offer_id: UUID, reason: str, at: datetime) -> None:
    """Withdraw the offer for a reason of matching's (a condition not met)."""
    await update(
        db,
        "offers",
        where={"offer_id": offer_id},
        status=OfferStatus.WITHDRAWN.value,
        answered_at=at,
        withdrawal_reason=reason,
    )


async def record_placement_withdrawal(db: Db, offer_id: UUID, reason: str, at: datetime) -> bool:
    """The returner left the placement this offer opened; True the first time."""
    recorded = await value(
        db,
        "UPDATE offers SET placement_withdrawn_at = $2, placement_withdrawal_reason = $3"
        " WHERE offer_id = $1 AND placement_withdrawn_at IS NULL RETURNING true",
        offer_id,
        at,
        reason,
    )
    return bool(recorded)


async def mark_hired(db: Db, offer_id: UUID, at: datetime) -> None:
    await update(
        db, "offers", where={"offer_id": offer_id}, status=OfferStatus.HIRED.value, hired_at=at
    )


async def live_of_applicant(db: Db, application_id: UUID) -> list[Offer]:
    """The applicant's offers that hold a place (locked)."""
    return await many(
        db,
        _offer,
        f"SELECT {_COLUMNS} FROM offers WHERE application_id = $1 AND status = ANY($2::text[])"
        " FOR UPDATE",
        application_id,
        statuses(HOLDS_A_PLACE),
    )


async def of_council(
    db: Db, council_id: UUID, status: OfferStatus | None = None
) -> list[CouncilOffer]:
    return await many(
        db,
        converting(CouncilOffer, status=OfferStatus),
        "SELECT o.*, v.region, v.specialism FROM offers o JOIN vacancies v USING (vacancy_id)"
        " JOIN applicants a USING (application_id)"
        " WHERE o.council_id = $1 AND ($2::text IS NULL OR o.status = $2)"
        " ORDER BY o.offered_at, a.submitted_at, o.application_id",
        council_id,
        status.value if status else None,
    )


async def live_with_council(db: Db, council_id: UUID, application_id: UUID) -> Offer | None:
    """The applicant's offer from this council that holds a place, if any (locked)."""
    return await one(
        db,
        _offer,
        f"SELECT {_COLUMNS} FROM offers WHERE council_id = $1 AND application_id = $2"
        " AND status = ANY($3::text[]) FOR UPDATE",
        council_id,
        application_id,
        statuses(HOLDS_A_PLACE),
    )


async def programmes_with_due_offers(db: Db, now: datetime) -> list[str]:
    return await values(
        db,
        "SELECT DISTINCT programme_id FROM offers WHERE status = $2 AND expires_at <= $1"
        " ORDER BY programme_id",
        now,
        OfferStatus.OFFERED.value,
    )


async def due(db: Db, programme_id: str, now: datetime) -> list[Offer]:
    """The programme's open offers past their deadline (locked)."""
    return await many(
        db,
        _offer,
        f"SELECT {_COLUMNS} FROM offers WHERE programme_id = $1 AND status = $3"
        " AND expires_at <= $2 ORDER BY expires_at, offer_id FOR UPDATE",
        programme_id,
        now,
        OfferStatus.OFFERED.value,
    )

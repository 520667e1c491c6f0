"""Interview slots operations staff publish, and candidates' bookings of them."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import many, one, run, value


@dataclass(frozen=True)
class Slot:
    slot_id: UUID
    programme_id: str
    starts_at: datetime
    capacity: int
    booked: int

    @property
    def available(self) -> int:
        return max(self.capacity - self.booked, 0)


@dataclass(frozen=True)
class Booking:
    application_id: UUID
    slot_id: UUID
    starts_at: datetime


_SLOT = """
    SELECT s.slot_id, s.programme_id, s.starts_at, s.capacity,
           (SELECT count(*) FROM bookings b WHERE b.slot_id = s.slot_id)::int AS booked
    FROM interview_slots s
"""


async def insert(
    db: Db, slot_id: UUID, programme_id: str, starts_at: datetime, capacity: int, at: datetime
) -> None:
    await run(
        db,
        "INSERT INTO interview_slots (slot_id, programme_id, starts_at, capacity, created_at)"
        " VALUES ($1, $2, $3, $4, $5)",
        slot_id,
        programme_id,
        starts_at,
        capacity,
        at,
    )


async def of_programme(db: Db, programme_id: str) -> list[Slot]:
    return await many(
        db, Slot, _SLOT + " WHERE s.programme_id = $1 ORDER BY s.starts_at, s.slot_id", programme_id
    )


async def locked(db: Db, slot_id: UUID) -> Slot | None:
    """The slot, locked: bookings of one slot are taken one at a time (its capacity holds)."""
    found = await value(
        db, "SELECT slot_id FROM interview_slots WHERE slot_id = $1 FOR UPDATE", slot_id
    )
    if found is None:
        return None
    return await one(db, Slot, _SLOT + " WHERE s.slot_id = $1", slot_id)


async def booking_of(db: Db, application_id: UUID) -> Booking | None:
    return await one(
        db,
        Booking,
        "SELECT b.application_id, b.slot_id, s.starts_at FROM bookings b"
        " JOIN interview_slots s USING (slot_id) WHERE b.application_id = $1",
        application_id,
    )


async def book(db: Db, application_id: UUID, slot_id: UUID, request_id: UUID, at: datetime) -> None:
    """Book (or move the candidate's booking to) the slot."""
    await run(
        db,
        "INSERT INTO bookings (application_id, slot_id, request_id, booked_at)"
        " VALUES ($1, $2, $3, $4) ON CONFLICT (application_id) DO UPDATE SET"
        " slot_id = EXCLUDED.slot_id, request_id = EXCLUDED.request_id,"
        " booked_at = EXCLUDED.booked_at",
        application_id,
        slot_id,
        request_id,
        at,
    )


async def cancel(db: Db, application_id: UUID) -> None:
    await run(db, "DELETE FROM bookings WHERE application_id = $1", application_id)

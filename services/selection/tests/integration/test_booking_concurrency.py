"""A slot's capacity holds under simultaneous bookings (real Postgres, one transaction each,
all at once)."""

import asyncio
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import asyncpg
import pytest

from returners_platform.messaging.unit_of_work import unit_of_work
from selection.use_cases import bookings, slots

from .conftest import SOURCE, seed

pytestmark = pytest.mark.integration


async def test_fifty_simultaneous_requests_for_the_last_place_confirm_exactly_one(
    pool: asyncpg.Pool,
) -> None:
    seeded = await seed(pool, candidates=51)
    first, *rest = seeded.candidates
    async with unit_of_work(pool, source=SOURCE) as uow:
        slot = await slots.publish_slot(
            uow, seeded.programme_id, datetime.now(UTC) + timedelta(days=7), capacity=2
        )
    async with unit_of_work(pool, source=SOURCE) as uow:
        answer = await bookings.handle_request(
            uow, first, seeded.programme_id, uuid4(), slot.slot_id
        )
    assert answer == "booked"

    gate = asyncio.Event()

    async def book(application_id: UUID) -> str:
        await gate.wait()
        async with unit_of_work(pool, source=SOURCE) as uow:
            return await bookings.handle_request(
                uow, application_id, seeded.programme_id, uuid4(), slot.slot_id
            )

    requests = [asyncio.create_task(book(a)) for a in rest]
    gate.set()
    answers = await asyncio.gather(*requests)

    assert answers.count("booked") == 1
    assert sorted(set(answers)) == ["booked", "slot_full"]
    async with pool.acquire() as conn:
        booked = await conn.fetchval(
            "SELECT count(*) FROM bookings WHERE slot_id = $1", slot.slot_id
        )
        published = await conn.fetch(
            "SELECT type, count(*) FROM outbox WHERE type LIKE 'returners.interview.%'"
            " AND type <> 'returners.interview.invited.v1' GROUP BY type ORDER BY type"
        )
    assert booked == 2
    assert [(r["type"], r["count"]) for r in published] == [
        ("returners.interview.booked.v1", 2),
        ("returners.interview.slot_unavailable.v1", 49),
    ]

"""The retention job: a pass every ``interval`` seconds erases the personal data (mentor's
name, notes) of placements past their programme's period, each in a transaction of its own
(replicas may run it at once: one skips a placement the other holds)."""

import asyncio

import asyncpg

from returners_platform.clock import Clock
from returners_platform.messaging.unit_of_work import unit_of_work
from training.domain.retention import is_due
from training.store import placements
from training.use_cases import erasure


async def run(pool: asyncpg.Pool, *, source: str, clock: Clock, interval: float) -> None:
    while True:
        await erase_due(pool, source=source, clock=clock)
        await asyncio.sleep(interval)


async def erase_due(pool: asyncpg.Pool, *, source: str, clock: Clock) -> int:
    """One pass; how many placements' personal data it erased."""
    async with pool.acquire() as conn:
        held = await placements.holding_personal_data(conn)
    now = clock()
    erased = 0
    for kept in (k for k in held if is_due(k, now)):
        async with unit_of_work(pool, source=source, clock=clock) as uow:
            erased += await erasure.erase_held(uow, kept.placement_id)
    return erased

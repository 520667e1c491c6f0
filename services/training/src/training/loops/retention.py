"""The retention job's pass: erases the personal data (mentor's name, notes) of placements
past their programme's period, each in a transaction of its own (replicas may run it at once:
one skips a placement the other holds). The composition root schedules it with
``runtime.every``."""

import asyncpg

from returners_platform.clock import Clock
from returners_platform.messaging.unit_of_work import one_transaction_each
from training.domain.retention import is_due
from training.store import placements
from training.use_cases import erasure


async def erase_due(pool: asyncpg.Pool, *, source: str, clock: Clock) -> int:
    """One pass; how many placements' personal data it erased."""
    async with pool.acquire() as conn:
        held = await placements.holding_personal_data(conn)
    now = clock()
    due = [kept.placement_id for kept in held if is_due(kept, now)]
    return await one_transaction_each(pool, due, erasure.erase_held, source=source, clock=clock)

"""The retention job: a pass every ``interval`` seconds erases the panel's feedback that has
passed its programme's period, each candidate in a transaction of its own (replicas may run
it at once: one skips a candidate the other holds)."""

import asyncio

import asyncpg

from returners_platform.clock import Clock
from returners_platform.messaging.unit_of_work import unit_of_work
from selection.domain.retention import is_due
from selection.store import panel
from selection.use_cases import retention


async def run(pool: asyncpg.Pool, *, source: str, clock: Clock, interval: float) -> None:
    while True:
        await erase_due(pool, source=source, clock=clock)
        await asyncio.sleep(interval)


async def erase_due(pool: asyncpg.Pool, *, source: str, clock: Clock) -> int:
    """One pass; how many candidates' feedback it erased."""
    async with pool.acquire() as conn:
        held = await panel.feedback_held(conn)
    now = clock()
    erased = 0
    for kept in (k for k in held if is_due(k, now)):
        async with unit_of_work(pool, source=source, clock=clock) as uow:
            erased += await retention.erase_held_feedback(uow, kept.application_id)
    return erased

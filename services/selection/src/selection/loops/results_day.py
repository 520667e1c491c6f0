"""Decides each programme on its results day: a pass every ``interval`` seconds, each due
programme in a transaction of its own (several replicas may run it: the decision is taken
once, under the programme's lock)."""

import asyncio

import asyncpg

from returners_platform.clock import Clock
from returners_platform.errors import Refused
from returners_platform.messaging.unit_of_work import unit_of_work
from selection.store import programmes
from selection.use_cases import results


async def run(pool: asyncpg.Pool, *, source: str, clock: Clock, interval: float) -> None:
    while True:
        await decide_due(pool, source=source, clock=clock)
        await asyncio.sleep(interval)


async def decide_due(pool: asyncpg.Pool, *, source: str, clock: Clock) -> int:
    """One pass; how many programmes it decided."""
    async with pool.acquire() as conn:
        undecided = await programmes.undecided_with_selection(conn)
    decided = 0
    for programme in undecided:
        try:
            async with unit_of_work(pool, source=source, clock=clock) as uow:
                decided += bool(await results.decide_if_due(uow, programme))
        except Refused:  # another replica decided it meanwhile
            continue
    return decided

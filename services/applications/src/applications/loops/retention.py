"""The retention job's pass: applicants whose data has passed its programme's period are
erased (the composition root schedules it with ``runtime.every``).

Each pass erases in batches, a transaction each, until nothing is due. Replicas may run it
at once: a batch locks its rows and skips those another holds, and an erasure happens once
(``applications.mark_erased``)."""

import asyncpg

from applications.use_cases import retention
from returners_platform.clock import Clock
from returners_platform.messaging.unit_of_work import unit_of_work


async def erase_due(pool: asyncpg.Pool, *, source: str, clock: Clock, batch: int) -> int:
    """One pass; how many applicants were due (each erased by this pass, or found erased)."""
    total = 0
    while True:
        async with unit_of_work(pool, source=source, clock=clock) as uow:
            done = await retention.erase_due(uow, batch)
        total += done
        if done < batch:
            return total

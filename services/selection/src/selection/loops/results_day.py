"""The results-day job's pass: decides each programme whose results day has come, each in a
transaction of its own (several replicas may run it: the decision is taken once, under the
programme's lock). The composition root schedules it with ``runtime.every``."""

import asyncpg

from returners_platform.clock import Clock
from returners_platform.errors import Refused
from returners_platform.messaging.unit_of_work import UnitOfWork, one_transaction_each
from selection.store import programmes
from selection.store.programmes import Programme
from selection.use_cases import results


async def decide_due(pool: asyncpg.Pool, *, source: str, clock: Clock) -> int:
    """One pass; how many programmes it decided."""
    async with pool.acquire() as conn:
        undecided = await programmes.undecided_with_selection(conn)
    return await one_transaction_each(
        pool,
        undecided,
        _decide,
        source=source,
        clock=clock,
        skipping=(Refused,),  # another replica decided it meanwhile
    )


async def _decide(uow: UnitOfWork, programme: Programme) -> bool:
    return bool(await results.decide_if_due(uow, programme))

"""The offer-expiry job's pass: offers past ``expires_at`` expire, and their places go back
into matching.

The composition root schedules it with ``runtime.every``; it reads time from the injected
clock, so tests move the clock forward instead of waiting the offer window out.
"""

import asyncpg

from matching.store import offers, programmes
from matching.use_cases import placement
from returners_platform.clock import Clock
from returners_platform.messaging.unit_of_work import UnitOfWork, one_transaction_each


async def expire_due_offers(pool: asyncpg.Pool, *, source: str, clock: Clock) -> int:
    """One pass: each programme with due offers in its own transaction; the count expired."""
    now = clock()
    async with pool.acquire() as conn:
        programme_ids = await offers.programmes_with_due_offers(conn, now)

    async def expire(uow: UnitOfWork, programme_id: str) -> int:
        # the lock expire_due takes, taken with the programme (one round trip for two)
        programme = await programmes.get_locked_for_matching(uow, programme_id)
        assert programme is not None  # offers reference their programme
        return await placement.expire_due(uow, programme, now)

    return await one_transaction_each(pool, programme_ids, expire, source=source, clock=clock)

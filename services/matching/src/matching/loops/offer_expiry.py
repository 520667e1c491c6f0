"""The expiry loop: offers past ``expires_at`` expire, and their places go back into matching.

Started by the composition root with ``runtime.spawn``; it reads time from the injected
clock, so tests move the clock forward instead of waiting the offer window out.
"""

import asyncio

import asyncpg

from matching.store import offers, programmes
from matching.use_cases import placement
from returners_platform.clock import Clock
from returners_platform.messaging.unit_of_work import unit_of_work


class OfferExpiry:
    def __init__(self, pool: asyncpg.Pool, *, source: str, clock: Clock, interval: float) -> None:
        self._pool = pool
        self._source = source
        self._clock = clock
        self._interval = interval

    async def run(self) -> None:
        while True:
            await self.expire_due_offers()
            await asyncio.sleep(self._interval)

    async def expire_due_offers(self) -> int:
        """One pass: each programme with due offers in its own transaction; the count expired."""
        now = self._clock()
        async with self._pool.acquire() as conn:
            programme_ids = await offers.programmes_with_due_offers(conn, now)
        expired = 0
        for programme_id in programme_ids:
            async with unit_of_work(self._pool, source=self._source, clock=self._clock) as uow:
                programme = await programmes.get(uow, programme_id)
                assert programme is not None  # offers reference their programme
                expired += await placement.expire_due(uow, programme, now)
        return expired

"""The portal-expiry job's pass: forget the portal's expired rows (sessions, sign-in links and
drafts: personal data). The composition root schedules it with ``runtime.every``."""

import asyncpg

from applications.store import expiry
from returners_platform.clock import Clock

EVERY_SECONDS = 300.0


async def forget_expired(pool: asyncpg.Pool, clock: Clock) -> None:
    async with pool.acquire() as conn:
        await expiry.delete_expired(conn, clock())

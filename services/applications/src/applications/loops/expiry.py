"""Forget the portal's expired rows: sessions, sign-in links and drafts (personal data)."""

import asyncio

import asyncpg

from applications.store import expiry
from returners_platform.clock import Clock

EVERY_SECONDS = 300.0


async def run(pool: asyncpg.Pool, clock: Clock) -> None:
    while True:
        async with pool.acquire() as conn:
            await expiry.delete_expired(conn, clock())
        await asyncio.sleep(EVERY_SECONDS)

"""Forget stored Idempotency-Key answers once their window has passed (they hold tokens)."""

import asyncio

import asyncpg

from applications.store.idempotency import IdempotencyStore
from returners_platform.clock import Clock

EVERY_SECONDS = 300.0


async def run(pool: asyncpg.Pool, store: IdempotencyStore, clock: Clock) -> None:
    while True:
        async with pool.acquire() as conn:
            await store.forget_expired_responses(conn, clock())
        await asyncio.sleep(EVERY_SECONDS)

"""The idempotency-responses job's pass: forget stored Idempotency-Key answers once their
window has passed (they hold tokens). The composition root schedules it with
``runtime.every``."""

import asyncpg

from applications.store.idempotency import IdempotencyStore
from returners_platform.clock import Clock

EVERY_SECONDS = 300.0


async def forget_expired(pool: asyncpg.Pool, store: IdempotencyStore, clock: Clock) -> None:
    async with pool.acquire() as conn:
        await store.forget_expired_responses(conn, clock())

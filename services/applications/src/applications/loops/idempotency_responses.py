"""Background upkeep: forget stored Idempotency-Key responses (they hold tokens) in time."""

import asyncio

from applications.idempotency import IdempotencyStore
from returners_platform.clock import Clock
from returners_platform.service.runtime import Runtime

EVERY_SECONDS = 300.0


async def forget_expired_idempotent_responses(
    runtime: Runtime, store: IdempotencyStore, clock: Clock
) -> None:
    while True:
        async with runtime.pool.acquire() as conn:
            await store.forget_expired_responses(conn, clock())
        await asyncio.sleep(EVERY_SECONDS)

"""Background upkeep: forget stored Idempotency-Key responses (they hold tokens) in time."""

import asyncio
from datetime import UTC, datetime

from applications.idempotency import IdempotencyStore
from returners_platform.service.runtime import Runtime

EVERY_SECONDS = 300.0


async def forget_expired_idempotent_responses(runtime: Runtime, store: IdempotencyStore) -> None:
    while True:
        async with runtime.pool.acquire() as conn:
            await store.forget_expired_responses(conn, datetime.now(UTC))
        await asyncio.sleep(EVERY_SECONDS)

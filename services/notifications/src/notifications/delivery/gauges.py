"""Keeps the queue gauges current: pending deliveries, the oldest one's wait, dead letters."""

import asyncio

import asyncpg

from notifications import metrics
from notifications.store import deliveries
from returners_platform.clock import Clock
from returners_platform.contracts.vocabulary import DeliveryChannel


async def refresh(pool: asyncpg.Pool, clock: Clock) -> None:
    now = clock()
    async with pool.acquire() as conn:
        figures = {row["channel"]: row for row in await deliveries.queue_figures(conn, now)}
    for channel in DeliveryChannel:
        row = figures.get(channel.value)
        oldest = row["oldest_due"] if row else None
        metrics.QUEUE_DEPTH.labels(channel.value).set(row["pending"] if row else 0)
        metrics.DEAD_LETTERS_WAITING.labels(channel.value).set(row["dead_letters"] if row else 0)
        metrics.OLDEST_PENDING_SECONDS.labels(channel.value).set(
            (now - oldest).total_seconds() if oldest else 0
        )


async def refresh_forever(pool: asyncpg.Pool, interval: float, clock: Clock) -> None:
    while True:
        await refresh(pool, clock)
        await asyncio.sleep(interval)

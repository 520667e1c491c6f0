"""Keeps the queue gauges current: pending deliveries, those in retry, the oldest one's wait,
dead letters, and each channel's latest failure (when, and its error without personal data).

Every figure comes from the database, so each replica exports the same ones; samples are
replaced with no await in between, so a scrape sees one refresh or the next, never a mix.
"""

import asyncio
from collections.abc import Iterable
from datetime import datetime

import asyncpg

from notifications import metrics
from notifications.domain.redaction import exportable_error
from notifications.store import deliveries
from returners_platform.clock import Clock
from returners_platform.contracts.vocabulary import DeliveryChannel


async def refresh(pool: asyncpg.Pool, clock: Clock) -> None:
    now = clock()
    async with pool.acquire() as conn:
        figures = {row["channel"]: row for row in await deliveries.queue_figures(conn, now)}
        failures = await deliveries.latest_failures(conn)
    for channel in DeliveryChannel:
        row = figures.get(channel.value)
        oldest = row["oldest_due"] if row else None
        metrics.QUEUE_DEPTH.labels(channel.value).set(row["pending"] if row else 0)
        metrics.DELIVERIES_IN_RETRY.labels(channel.value).set(row["in_retry"] if row else 0)
        metrics.DEAD_LETTERS_WAITING.labels(channel.value).set(row["dead_letters"] if row else 0)
        metrics.OLDEST_PENDING_SECONDS.labels(channel.value).set(
            (now - oldest).total_seconds() if oldest else 0
        )
    _show_latest_failures((row["channel"], row["started_at"], row["error"]) for row in failures)


def _show_latest_failures(failures: Iterable[tuple[str, datetime, str | None]]) -> None:
    metrics.LAST_FAILURE_TIMESTAMP.clear()
    metrics.LAST_FAILURE.clear()
    for channel, at, error in failures:
        metrics.LAST_FAILURE_TIMESTAMP.labels(channel).set(at.timestamp())
        metrics.LAST_FAILURE.labels(channel).info({"error": exportable_error(error or "")})


async def refresh_forever(pool: asyncpg.Pool, interval: float, clock: Clock) -> None:
    while True:
        await refresh(pool, clock)
        await asyncio.sleep(interval)

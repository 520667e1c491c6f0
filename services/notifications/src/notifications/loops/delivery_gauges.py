"""The delivery-gauges job's pass (scheduled with ``runtime.every``) keeps the queue gauges
current: pending deliveries, those in retry, the oldest one's wait,
dead letters, and each channel's latest failure (when, and its error without personal data).

Every figure comes from the database, so each replica exports the same ones; samples are
replaced with no await in between, so a scrape sees one refresh or the next, never a mix.
"""

from collections.abc import Iterable
from datetime import datetime

import asyncpg

from notifications import metrics
from notifications.domain.redaction import exportable_error
from notifications.store import deliveries
from notifications.store.deliveries import QueueFigures
from returners_platform.clock import Clock
from returners_platform.contracts.vocabulary import DeliveryChannel


async def refresh(pool: asyncpg.Pool, clock: Clock) -> None:
    now = clock()
    async with pool.acquire() as conn:
        figures = {f.channel: f for f in await deliveries.queue_figures(conn, now)}
        failures = await deliveries.latest_failures(conn)
    for channel in DeliveryChannel:
        queue = figures.get(channel, QueueFigures(channel, 0, 0, None, 0))
        metrics.QUEUE_DEPTH.labels(channel.value).set(queue.pending)
        metrics.DELIVERIES_IN_RETRY.labels(channel.value).set(queue.in_retry)
        metrics.DEAD_LETTERS_WAITING.labels(channel.value).set(queue.dead_letters)
        metrics.OLDEST_PENDING_SECONDS.labels(channel.value).set(
            (now - queue.oldest_due).total_seconds() if queue.oldest_due else 0
        )
    _show_latest_failures((f.channel.value, f.started_at, f.error) for f in failures)


def _show_latest_failures(failures: Iterable[tuple[str, datetime, str | None]]) -> None:
    metrics.LAST_FAILURE_TIMESTAMP.clear()
    metrics.LAST_FAILURE.clear()
    for channel, at, error in failures:
        metrics.LAST_FAILURE_TIMESTAMP.labels(channel).set(at.timestamp())
        metrics.LAST_FAILURE.labels(channel).info({"error": exportable_error(error or "")})

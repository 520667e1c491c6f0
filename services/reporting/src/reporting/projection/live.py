"""The worker's side of projecting: one transaction per batch, retries, dead letters.

The platform's retry loop (``failure_policy.until_settled``), as the services' consumers use:

- infrastructure errors (database or broker unreachable) are retried without limit:
  the records are fine and must not be lost;
- a record that cannot be decoded goes to ``returners.dlq.reporting`` and its position
  is recorded (it is never retried);
- any other error is retried up to the failure policy's attempts, then isolates the
  failing record by re-running the batch one record at a time; the record that still
  fails is dead-lettered (with the attempts it was given) and its position recorded.
"""

import time
from collections.abc import Sequence

import asyncpg
import structlog

from reporting import metrics
from reporting.projection.batch import BatchResult, Decoded, Record, project
from reporting.store import positions
from returners_platform.messaging.codec import UndecodableEvent, event_type_header
from returners_platform.messaging.dead_letters import DeadLetters
from returners_platform.messaging.failure_policy import FailurePolicy, GaveUp, until_settled
from returners_platform.service import metrics as platform_metrics

log = structlog.get_logger(__name__)


class LiveProjector:
    def __init__(
        self, pool: asyncpg.Pool, dead_letters: DeadLetters, policy: FailurePolicy
    ) -> None:
        self._pool = pool
        self._dead_letters = dead_letters
        self._policy = policy

    async def handle(self, batch: Sequence[Decoded]) -> None:
        """Apply ``batch`` to a durable outcome (applied, skipped or dead-lettered)."""
        if not batch:
            return
        started = time.monotonic()
        try:
            result = await until_settled(
                lambda: self._project(batch), self._policy, what="projection"
            )
        except GaveUp as gave_up:
            if len(batch) == 1:
                await self._reject(batch[0].record, gave_up)
                return
            log.warning("batch_failed_isolating", records=len(batch), error=str(gave_up))
            for decoded in batch:
                await self.handle([decoded])
            return
        metrics.BATCH_SECONDS.observe(time.monotonic() - started)
        metrics.BATCH_RECORDS.observe(len(batch))
        _count(result)

    async def _project(self, batch: Sequence[Decoded]) -> BatchResult:
        async with self._pool.acquire() as conn, conn.transaction():
            return await project(conn, batch, self._undecodable)

    async def _undecodable(self, record: Record, exc: UndecodableEvent) -> None:
        await self._dead_letters.send_undecodable(record, exc, self._policy)

    async def _reject(self, record: Record, gave_up: GaveUp) -> None:
        event_type = event_type_header(record.headers) or "unknown"
        platform_metrics.HANDLER_ERRORS.labels(event_type, type(gave_up.error).__name__).inc()
        platform_metrics.EVENTS_CONSUMED.labels(event_type, "dead_lettered").inc()
        await self._dead_letters.send_until_sent(
            record,
            reason=str(gave_up),
            error_type="handler_error",
            event_id=None,
            attempts=gave_up.attempts,
            policy=self._policy,
        )
        await until_settled(lambda: self._skip_past(record), self._policy, what="position_write")

    async def _skip_past(self, record: Record) -> None:
        async with self._pool.acquire() as conn, conn.transaction():
            await positions.advance(conn, {(record.topic, record.partition): record.offset})


def _count(result: BatchResult) -> None:
    for event_type, n in result.applied.items():
        platform_metrics.EVENTS_CONSUMED.labels(event_type, "handled").inc(n)
    for event_type, n in result.ignored.items():
        platform_metrics.EVENTS_CONSUMED.labels(event_type, "ignored").inc(n)
    if result.skipped:
        platform_metrics.EVENTS_CONSUMED.labels("any", "duplicate").inc(result.skipped)

"""The worker's side of projecting: one transaction per batch, retries, dead letters.

- infrastructure errors (database or broker unreachable) are retried without limit:
  the records are fine and must not be lost;
- a record that cannot be decoded goes to ``returners.dlq.reporting`` and its position
  is recorded (it is never retried);
- any other error is retried up to the failure policy's attempts, then isolates the
  failing record by re-running the batch one record at a time; the record that still
  fails is dead-lettered and its position recorded.
"""

import asyncio
import time
from collections.abc import Sequence

import asyncpg
import structlog

from reporting import metrics
from reporting.projection.batch import BatchResult, Record, project
from reporting.store import positions
from returners_platform.messaging.codec import UndecodableEvent
from returners_platform.messaging.dead_letters import DeadLetters
from returners_platform.messaging.failure_policy import FailurePolicy
from returners_platform.service import metrics as platform_metrics
from returners_platform.service.outages import INFRASTRUCTURE_ERRORS

log = structlog.get_logger(__name__)


class LiveProjector:
    def __init__(
        self, pool: asyncpg.Pool, dead_letters: DeadLetters, policy: FailurePolicy
    ) -> None:
        self._pool = pool
        self._dead_letters = dead_letters
        self._policy = policy

    async def handle(self, records: Sequence[Record]) -> None:
        """Apply ``records`` to a durable outcome (applied, skipped or dead-lettered)."""
        if not records:
            return
        started = time.monotonic()
        try:
            result = await self._with_retries(records)
        except Exception as exc:
            if len(records) == 1:
                await self._reject(records[0], exc)
                return
            log.warning("batch_failed_isolating", records=len(records), error=repr(exc))
            for record in records:
                await self.handle([record])
            return
        metrics.BATCH_SECONDS.observe(time.monotonic() - started)
        metrics.BATCH_RECORDS.observe(len(records))
        _count(result)

    async def _with_retries(self, records: Sequence[Record]) -> BatchResult:
        retries = self._policy.retries()
        while True:
            try:
                async with self._pool.acquire() as conn, conn.transaction():
                    return await project(conn, records, self._undecodable)
            except INFRASTRUCTURE_ERRORS as exc:
                delay = retries.after_outage()
                log.warning("projection_infrastructure_error", error=repr(exc), retry_in=delay)
                await asyncio.sleep(delay)
            except Exception as exc:
                retry_in = retries.after_failure()
                if retry_in is None:
                    raise
                log.warning(
                    "projection_error", error=repr(exc), attempt=retries.tries, retry_in=retry_in
                )
                await asyncio.sleep(retry_in)

    async def _undecodable(self, record: Record, exc: UndecodableEvent) -> None:
        platform_metrics.EVENTS_CONSUMED.labels("undecodable", "dead_lettered").inc()
        await self._send_dead_letter(
            record, reason=exc.reason, error_type="undecodable", event_id=exc.event_id
        )

    async def _reject(self, record: Record, exc: Exception) -> None:
        event_type = dict(record.headers or ()).get("ce_type", b"unknown").decode()
        platform_metrics.HANDLER_ERRORS.labels(event_type, type(exc).__name__).inc()
        platform_metrics.EVENTS_CONSUMED.labels(event_type, "dead_lettered").inc()
        await self._send_dead_letter(
            record, reason=f"{type(exc).__name__}: {exc}", error_type="handler_error", event_id=None
        )
        retries = self._policy.retries()
        while True:
            try:
                async with self._pool.acquire() as conn, conn.transaction():
                    await positions.advance(conn, {(record.topic, record.partition): record.offset})
                return
            except INFRASTRUCTURE_ERRORS as exc_:
                delay = retries.after_outage()
                log.warning("position_write_failed", error=repr(exc_), retry_in=delay)
                await asyncio.sleep(delay)

    async def _send_dead_letter(
        self, record: Record, *, reason: str, error_type: str, event_id: str | None
    ) -> None:
        retries = self._policy.retries()
        while True:
            try:
                await self._dead_letters.send(
                    record, reason=reason, error_type=error_type, event_id=event_id, attempts=1
                )
                return
            except INFRASTRUCTURE_ERRORS as exc:
                delay = retries.after_outage()
                log.warning("dead_letter_publish_failed", error=repr(exc), retry_in=delay)
                await asyncio.sleep(delay)


def _count(result: BatchResult) -> None:
    for event_type, n in result.applied.items():
        platform_metrics.EVENTS_CONSUMED.labels(event_type, "handled").inc(n)
    for event_type, n in result.ignored.items():
        platform_metrics.EVENTS_CONSUMED.labels(event_type, "ignored").inc(n)
    if result.skipped:
        platform_metrics.EVENTS_CONSUMED.labels("any", "duplicate").inc(result.skipped)

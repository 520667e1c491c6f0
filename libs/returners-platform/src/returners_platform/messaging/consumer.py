"""The idempotent consumer: decode, dedupe, handle in one transaction, commit after.

For every record, in partition order:

1. a record whose ``ce_type`` header names a known event type this service has no
   handler for is skipped, undecoded;
2. decode and validate, straight into the type the header names; a record that can
   never be handled (malformed JSON, bad envelope, unknown type or version, invalid
   data) goes straight to the dead-letter topic; an event of a type this service has
   no handler for (a record without the header) is skipped;
3. in one transaction: insert ``processed_events(consumer, event_id)`` — a
   conflict means "already done", so the effect happens once — then run the
   handler, whose writes (and outbox events) commit together;
4. a handler error is retried with doubling backoff up to the policy's limit,
   then dead-lettered (a ``PermanentHandlerError`` is dead-lettered at once);
   an infrastructure error (database or broker unreachable, or shutting down) is
   retried without limit and spends none of the attempts (``failure_policy``);
5. offsets are committed only once every record before them is durable, at most once a
   second while records keep coming, within a second or so of the last once they stop, and
   when the service stops (``commit_pending``). A commit is a write the broker replicates
   and a round trip the consumer waits for, once per batch it was, and at a trickle every
   record is a batch; a record handled but not yet committed when a process dies is
   delivered again and skipped as a duplicate (step 3).
"""

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import asyncpg
import structlog
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import CommitFailedError, KafkaError
from aiokafka.structs import ConsumerRecord

from returners_platform.clock import Clock, system_clock
from returners_platform.contracts.catalogue import spec_for_type, topics_for
from returners_platform.contracts.envelope import CloudEvent, EventData
from returners_platform.messaging.codec import UndecodableEvent, decode, event_type_header
from returners_platform.messaging.dead_letters import DeadLetters
from returners_platform.messaging.failure_policy import (
    FailurePolicy,
    GaveUp,
    until_settled,
)
from returners_platform.messaging.unit_of_work import UnitOfWork
from returners_platform.service import correlation, metrics

log = structlog.get_logger(__name__)

Handler = Callable[[CloudEvent[Any], UnitOfWork], Awaitable[None]]
HandlerRegistry = Mapping[type[EventData], Handler]

COMMIT_EVERY_SECONDS = 1.0


class EventConsumer:
    def __init__(
        self,
        *,
        service: str,
        group_id: str,
        pool: asyncpg.Pool,
        handlers: HandlerRegistry,
        consumer: AIOKafkaConsumer,
        dead_letters: DeadLetters,
        policy: FailurePolicy,
        clock: Clock = system_clock,
    ) -> None:
        self._service = service
        self._group_id = group_id
        self._pool = pool
        self._handlers = handlers
        self._consumer = consumer
        self._dead_letters = dead_letters
        self._policy = policy
        self._clock = clock
        self._uncommitted: dict[TopicPartition, int] = {}
        self._committed_at = time.monotonic()

    @staticmethod
    def topic_names(handlers: HandlerRegistry, prefix: str) -> list[str]:
        return [t.qualified(prefix) for t in topics_for(list(handlers))]

    async def run(self) -> None:
        while True:
            batch = await self._consumer.getmany(timeout_ms=1000, max_records=500)
            if batch:
                await asyncio.gather(
                    *(self._process_partition(records) for records in batch.values())
                )
                self._uncommitted.update({tp: rs[-1].offset + 1 for tp, rs in batch.items()})
                await self._report_lag(list(batch))
            if not batch or time.monotonic() - self._committed_at >= COMMIT_EVERY_SECONDS:
                await self.commit_pending()

    async def commit_pending(self) -> None:
        """Commit the offsets after every record handled so far (the service's shutdown calls
        this once the consumer's task has stopped)."""
        offsets, self._uncommitted = self._uncommitted, {}
        self._committed_at = time.monotonic()
        if not offsets:
            return
        try:
            await self._consumer.commit(offsets)
        except (CommitFailedError, KafkaError) as exc:  # redelivery later is idempotent
            log.warning("offset_commit_failed", error=repr(exc))

    async def _process_partition(self, records: list[ConsumerRecord[bytes, bytes]]) -> None:
        for record in records:
            await self.process(record)

    async def process(self, record: ConsumerRecord[bytes, bytes]) -> None:
        """Handle one record to a durable outcome: applied, skipped, or dead-lettered."""
        event_type = event_type_header(record.headers)
        if event_type is not None and not self._handles(event_type):
            metrics.EVENTS_CONSUMED.labels(event_type, "ignored").inc()
            return
        try:
            event = decode(record.value, event_type)
        except UndecodableEvent as exc:
            await self._dead_letters.send_undecodable(record, exc, self._policy)
            return
        handler = self._handlers.get(type(event.data))
        if handler is None:
            metrics.EVENTS_CONSUMED.labels(event.type, "ignored").inc()
            return
        correlation.bind(correlation=event.correlationid, causation=event.id)
        try:
            outcome = await until_settled(
                lambda: self._apply(record, event, handler),
                self._policy,
                what="handler",
                on_error=lambda exc: metrics.HANDLER_ERRORS.labels(
                    event.type, type(exc).__name__
                ).inc(),
            )
        except GaveUp as gave_up:
            metrics.EVENTS_CONSUMED.labels(event.type, "dead_lettered").inc()
            await self._dead_letters.send_until_sent(
                record,
                reason=str(gave_up),
                error_type="rejected" if gave_up.permanent else "handler_error",
                event_id=event.id,
                attempts=gave_up.attempts,
                policy=self._policy,
            )
            return
        metrics.EVENTS_CONSUMED.labels(event.type, outcome).inc()

    def _handles(self, event_type: str) -> bool:
        """Whether the type a record's ``ce_type`` header names may have a handler here: a
        known type this service does not handle is skipped undecoded (most records on a
        shared topic are someone else's); an unknown one is decoded, and dead-lettered."""
        spec = spec_for_type(event_type)
        return spec is None or spec.model in self._handlers

    async def _apply(
        self, record: ConsumerRecord[bytes, bytes], event: CloudEvent[Any], handler: Handler
    ) -> str:
        async with self._pool.acquire() as conn, conn.transaction():
            first_time = await conn.fetchval(
                "INSERT INTO processed_events"
                ' (consumer, event_id, event_type, topic, partition, "offset")'
                " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING true",
                self._group_id,
                event.id,
                event.type,
                record.topic,
                record.partition,
                record.offset,
            )
            if not first_time:
                return "duplicate"
            uow = UnitOfWork(
                conn,
                source=f"/returners/{self._service}",
                correlation_id=event.correlationid,
                causation_id=event.id,
                clock=self._clock,
            )
            await handler(event, uow)
        return "handled"

    async def _report_lag(self, partitions: list[TopicPartition]) -> None:
        for tp in partitions:
            highwater = self._consumer.highwater(tp)
            if highwater is None:
                continue
            try:
                position = await self._consumer.position(tp)
            except (KafkaError, AssertionError):  # no longer assigned after a rebalance
                continue
            metrics.CONSUMER_LAG.labels(tp.topic, str(tp.partition)).set(
                max(highwater - position, 0)
            )

"""The dead-letter topic: records a service could not handle, with the reason in headers.

``DeadLetters`` owns its producer (``kafka.OwnedProducer``): made on the first dead letter,
and replaced after a failed send, so that a broker restart cannot leave a consumer retrying a
dead letter for ever.
"""

import structlog
from aiokafka.errors import KafkaError
from aiokafka.structs import ConsumerRecord

from returners_platform.clock import system_clock
from returners_platform.contracts.topics import dead_letter_topic
from returners_platform.messaging.codec import UndecodableEvent
from returners_platform.messaging.failure_policy import FailurePolicy, until_settled
from returners_platform.messaging.kafka import OwnedProducer, ProducerFactory
from returners_platform.service import metrics

log = structlog.get_logger(__name__)

# Header names an operator (and the replay tool) reads.
H_REASON = "dlq.reason"
H_ERROR_TYPE = "dlq.error_type"
H_ORIGINAL_TOPIC = "dlq.original_topic"
H_ORIGINAL_PARTITION = "dlq.original_partition"
H_ORIGINAL_OFFSET = "dlq.original_offset"
H_EVENT_ID = "dlq.event_id"
H_SERVICE = "dlq.service"
H_ATTEMPTS = "dlq.attempts"
H_FAILED_AT = "dlq.failed_at"
DLQ_HEADER_PREFIX = "dlq."


class DeadLetters:
    def __init__(
        self, make_producer: ProducerFactory, service: str, topic_prefix: str = ""
    ) -> None:
        self._producer = OwnedProducer(make_producer)
        self._service = service
        self.topic = dead_letter_topic(service).qualified(topic_prefix)

    async def close(self) -> None:
        await self._producer.discard()

    async def send_until_sent(
        self,
        record: ConsumerRecord[bytes, bytes],
        *,
        reason: str,
        error_type: str,
        event_id: str | None,
        attempts: int,
        policy: FailurePolicy,
    ) -> None:
        """``send``, waiting out the broker being unreachable meanwhile (an outage, which the
        policy waits out without limit)."""
        await until_settled(
            lambda: self.send(
                record,
                reason=reason,
                error_type=error_type,
                event_id=event_id,
                attempts=attempts,
            ),
            policy,
            what="dead_letter_publish",
        )

    async def send_undecodable(
        self, record: ConsumerRecord[bytes, bytes], exc: UndecodableEvent, policy: FailurePolicy
    ) -> None:
        """Dead-letter a record no event could be decoded from, at once (trying again cannot
        help), and count it as consumed."""
        metrics.EVENTS_CONSUMED.labels("undecodable", "dead_lettered").inc()
        await self.send_until_sent(
            record,
            reason=exc.reason,
            error_type="undecodable",
            event_id=exc.event_id,
            attempts=1,
            policy=policy,
        )

    async def send(
        self,
        record: ConsumerRecord[bytes, bytes],
        *,
        reason: str,
        error_type: str,
        event_id: str | None,
        attempts: int,
    ) -> None:
        """Publish the original record, untouched, with why it failed; wait for the ack."""
        headers = [(k, v) for k, v in (record.headers or ()) if not k.startswith(DLQ_HEADER_PREFIX)]
        headers += [
            (H_REASON, reason[:2000].encode()),
            (H_ERROR_TYPE, error_type.encode()),
            (H_ORIGINAL_TOPIC, record.topic.encode()),
            (H_ORIGINAL_PARTITION, str(record.partition).encode()),
            (H_ORIGINAL_OFFSET, str(record.offset).encode()),
            (H_EVENT_ID, (event_id or "").encode()),
            (H_SERVICE, self._service.encode()),
            (H_ATTEMPTS, str(attempts).encode()),
            (H_FAILED_AT, system_clock().isoformat().encode()),
        ]
        producer = await self._producer.get()
        try:
            await producer.send_and_wait(
                self.topic, value=record.value, key=record.key, headers=headers
            )
        except KafkaError:
            await self._producer.discard()  # the caller retries, with a fresh producer
            raise
        metrics.DEAD_LETTERS.labels(record.topic, error_type).inc()
        log.warning(
            "event_dead_lettered",
            reason=reason,
            error_type=error_type,
            original_topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            event_id=event_id,
        )

"""Kafka clients with the settings that matter, and topic creation for local runs."""

import asyncio
import contextlib
from collections.abc import Callable, Iterable

import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaConnectionError, TopicAlreadyExistsError

from returners_platform.contracts.topics import Topic
from returners_platform.messaging.partitioner import partition_for

log = structlog.get_logger(__name__)

# Makes a fresh producer. An idempotent producer whose send failed (a broker restart, say)
# can be left with sequence numbers the broker refuses on every later send
# (``OutOfOrderSequenceNumber``); whoever owns one through a factory replaces it instead.
ProducerFactory = Callable[[], AIOKafkaProducer]

MAX_BATCH_BYTES = 256 * 1024


def make_producer(bootstrap: str, client_id: str) -> AIOKafkaProducer:
    """Durable, ordered, de-duplicated sends: acks from every in-sync replica, idempotence on.

    No linger: every sender here (the outbox relay, dead letters) sends what it has and then
    waits for the acknowledgements, so waiting for more records to fill a batch only delays
    the last batch of each round - 5 ms of linger cost every hop 5 ms and the relay a third
    of its drain rate (``bench/outbox_relay.py``). Records sent while a request is in flight
    still share the next batch.

    Batches of up to 256 KiB a partition: aiokafka holds one open batch a partition, and a
    send that finds it full waits until it has gone to the broker, so with the default 16 KiB
    (some twenty 800-byte events) a relay's round of 500 waited on a dozen requests in turn
    rather than going in one or two. It only bounds a batch; at a low rate each still goes
    as soon as the sender is free. Under the broker's 1 MiB request and message limits.

    Partitioned by ``partitioner.partition_for``: aiokafka's default partitioner's answer
    (murmur2 of the key), computed at a third less of the cost.
    """
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        client_id=client_id,
        acks="all",
        enable_idempotence=True,
        linger_ms=0,
        max_batch_size=MAX_BATCH_BYTES,
        partitioner=partition_for,
        request_timeout_ms=15000,
    )


def make_consumer(
    bootstrap: str,
    group_id: str,
    client_id: str,
    *topics: str,
    fetch_min_bytes: int = 1,
    fetch_max_wait_ms: int = 500,
) -> AIOKafkaConsumer:
    """Offsets are committed by hand, only after the handler's effect is durable. By default
    a fetch is answered as soon as a record is there; ``fetch_min_bytes`` above one lets the
    broker gather records for up to ``fetch_max_wait_ms`` first (``ServiceSettings``)."""
    return AIOKafkaConsumer(
        *topics,
        bootstrap_servers=bootstrap,
        group_id=group_id,
        client_id=client_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
        max_poll_records=500,
        session_timeout_ms=10000,
        heartbeat_interval_ms=3000,
        fetch_min_bytes=fetch_min_bytes,
        fetch_max_wait_ms=fetch_max_wait_ms,
    )


async def ensure_topics(
    bootstrap: str,
    topics: Iterable[Topic],
    *,
    prefix: str = "",
    replication_factor: int = 1,
    attempts: int = 30,
) -> None:
    """Create whichever topics are missing (local and test runs; production uses KafkaTopic)."""
    wanted = list(topics)
    for attempt in range(1, attempts + 1):
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id="returners-topics")
        try:
            await admin.start()
            existing = set(await admin.list_topics())
            missing = [
                NewTopic(t.qualified(prefix), t.partitions, replication_factor)
                for t in wanted
                if t.qualified(prefix) not in existing
            ]
            if missing:
                with contextlib.suppress(TopicAlreadyExistsError):
                    await admin.create_topics(missing)
                log.info("topics_created", topics=[t.name for t in missing])
            return
        except KafkaConnectionError:
            if attempt == attempts:
                raise
            await asyncio.sleep(min(0.2 * attempt, 2.0))
        finally:
            await admin.close()


class OwnedProducer:
    """A producer made from a factory when first needed and thrown away after a failure (by
    ``discard``), so that the next send starts with a fresh producer id: an idempotent producer
    whose send failed can be left out of step with the broker (``OutOfOrderSequenceNumber`` on
    every later send)."""

    def __init__(self, make: ProducerFactory) -> None:
        self._make = make
        self._producer: AIOKafkaProducer | None = None

    async def get(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = self._make()
            try:
                await producer.start()
            except BaseException:
                await producer.stop()
                raise
            self._producer = producer
        return self._producer

    async def discard(self) -> None:
        """Stop the producer, if there is one (best effort); the next ``get`` makes another."""
        producer, self._producer = self._producer, None
        if producer is None:
            return
        try:
            await producer.stop()
        except Exception as exc:
            log.warning("producer_close_failed", error=repr(exc))

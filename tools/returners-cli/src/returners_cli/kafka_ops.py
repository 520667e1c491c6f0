"""Operator views of Kafka: topics with their sizes, dead letters, and their replay.

Replay re-publishes a dead-lettered record, unchanged, to the topic it came from; the
consumers are idempotent, so replaying an event that did get handled changes nothing.
What was replayed is remembered as the offset of the consumer group
``<prefix>returners.dlq-replay.<service>`` on the dead-letter topic.
"""

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import GroupCoordinatorNotAvailableError
from aiokafka.structs import ConsumerRecord, OffsetAndMetadata

from returners_platform.contracts.topics import (
    ALL_TOPICS,
    SERVICES,
    dead_letter_replay_group,
    dead_letter_topic,
)
from returners_platform.messaging import dead_letters as dlq
from returners_platform.messaging.kafka import make_producer


@dataclass(frozen=True)
class TopicSize:
    name: str
    partitions: int
    records: int


@dataclass(frozen=True)
class DeadLetter:
    service: str
    partition: int
    offset: int
    key: str | None
    original_topic: str
    event_id: str
    error_type: str
    reason: str
    failed_at: str
    replayed: bool


@asynccontextmanager
async def started(consumer: AIOKafkaConsumer) -> AsyncIterator[AIOKafkaConsumer]:
    """A started consumer, stopped afterwards — also when starting it fails."""
    try:
        await consumer.start()
        yield consumer
    finally:
        await consumer.stop()


async def topic_sizes(bootstrap: str, prefix: str = "") -> list[TopicSize]:
    async with started(AIOKafkaConsumer(bootstrap_servers=bootstrap)) as consumer:
        metadata = await consumer._client.fetch_all_metadata()
        sizes = []
        for topic in ALL_TOPICS:
            name = topic.qualified(prefix)
            partitions = sorted(metadata.partitions_for_topic(name) or [])
            tps = [TopicPartition(name, p) for p in partitions]
            begin = await consumer.beginning_offsets(tps) if tps else {}
            end = await consumer.end_offsets(tps) if tps else {}
            sizes.append(TopicSize(name, len(tps), sum(end[tp] - begin[tp] for tp in tps)))
        return sizes


async def committed_offsets(bootstrap: str, group: str) -> dict[TopicPartition, int]:
    """Where a consumer group has committed to, per partition (none yet: an empty dict)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        for attempt in range(1, 21):  # a fresh or restarted broker: no coordinator at first
            try:
                offsets = await admin.list_consumer_group_offsets(group)
                break
            except GroupCoordinatorNotAvailableError:
                if attempt == 20:
                    raise
                await asyncio.sleep(0.5)
    finally:
        await admin.close()
    return {tp: meta.offset for tp, meta in offsets.items()}


async def _replayed_up_to(bootstrap: str, service: str, prefix: str, topic: str) -> dict[int, int]:
    offsets = await committed_offsets(bootstrap, dead_letter_replay_group(service, prefix))
    return {tp.partition: offset for tp, offset in offsets.items() if tp.topic == topic}


async def dead_letters(
    bootstrap: str, prefix: str = "", service: str | None = None
) -> list[DeadLetter]:
    found: list[DeadLetter] = []
    for name in [service] if service else list(SERVICES):
        topic = dead_letter_topic(name).qualified(prefix)
        replayed = await _replayed_up_to(bootstrap, name, prefix, topic)
        for record in await read_records(bootstrap, topic):
            headers = {k: v.decode(errors="replace") for k, v in record.headers or ()}
            found.append(
                DeadLetter(
                    service=name,
                    partition=record.partition,
                    offset=record.offset,
                    key=record.key.decode(errors="replace") if record.key else None,
                    original_topic=headers.get(dlq.H_ORIGINAL_TOPIC, "?"),
                    event_id=headers.get(dlq.H_EVENT_ID, ""),
                    error_type=headers.get(dlq.H_ERROR_TYPE, "?"),
                    reason=headers.get(dlq.H_REASON, "?"),
                    failed_at=headers.get(dlq.H_FAILED_AT, "?"),
                    replayed=record.offset < replayed.get(record.partition, 0),
                )
            )
    return found


async def replay_dead_letters(bootstrap: str, service: str, prefix: str = "") -> int:
    """Re-publish every not-yet-replayed dead letter of ``service``; return how many."""
    topic = dead_letter_topic(service).qualified(prefix)
    replayed = await _replayed_up_to(bootstrap, service, prefix, topic)
    pending = [
        r for r in await read_records(bootstrap, topic) if r.offset >= replayed.get(r.partition, 0)
    ]
    if not pending:
        return 0
    producer = make_producer(bootstrap, "returners-dlq-replay")
    await producer.start()
    try:
        for record in pending:
            headers = [(k, v) for k, v in record.headers or () if not k.startswith("dlq.")]
            original = dict(record.headers or ())[dlq.H_ORIGINAL_TOPIC].decode()
            await producer.send_and_wait(
                original,
                value=record.value,
                key=record.key,
                headers=[*headers, ("dlq.replayed_from", topic.encode())],
            )
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=dead_letter_replay_group(service, prefix),
        enable_auto_commit=False,
    )
    async with started(consumer):
        last: dict[TopicPartition, OffsetAndMetadata] = {}
        for record in pending:
            last[TopicPartition(topic, record.partition)] = OffsetAndMetadata(record.offset + 1, "")
        consumer.assign(list(last))
        await consumer.commit(last)
    return len(pending)


async def read_records(
    bootstrap: str, topic: str, *, stall_seconds: float = 30.0
) -> list[ConsumerRecord[bytes, bytes]]:
    """Every record currently in ``topic``, all partitions, from the beginning.

    Fails (rather than waiting for ever) when reading stops making progress, e.g. on one of
    Kafka's internal topics, which consumers are not given."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    async with started(consumer):
        metadata = await consumer._client.fetch_all_metadata()
        tps = [TopicPartition(topic, p) for p in sorted(metadata.partitions_for_topic(topic) or [])]
        if not tps:
            return []
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        end = await consumer.end_offsets(tps)
        records: list[ConsumerRecord[bytes, bytes]] = []
        remaining = {tp for tp in tps if end[tp] > 0}
        last_progress = time.monotonic()
        while remaining:
            batch = await consumer.getmany(*remaining, timeout_ms=1000)
            for tp, items in batch.items():
                records += [r for r in items if r.offset < end[tp]]
                last_progress = time.monotonic()
                if await consumer.position(tp) >= end[tp]:
                    remaining.discard(tp)
            if time.monotonic() - last_progress > stall_seconds:
                raise TimeoutError(f"reading {topic} made no progress for {stall_seconds:.0f}s")
        return records

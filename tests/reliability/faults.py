"""The faults, each returning when it has ended (the restart issued, the records written).

An outage lasts until the submission stream has started a few submissions against it (a
condition, not a fixed time), so every fault meets live traffic.
"""

import asyncio
import json
import signal
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

import asyncpg
from aiokafka import AIOKafkaProducer
from aiokafka.structs import ConsumerRecord

import applications.handlers
import matching.handlers
import notifications.handlers
from returners_cli.kafka_ops import read_records
from returners_cli.testing.commit_faults import slow_commit, waiting_at_commit
from returners_cli.testing.kafka import read_topic
from returners_cli.testing.polling import eventually
from returners_platform.contracts.catalogue import CATALOGUE, topics_for
from returners_platform.contracts.topics import (
    EVENT_TOPICS,
    Topic,
    consumer_group,
    dead_letter_topic,
)
from returners_platform.messaging import dead_letters as dlq

from .portal import SubmissionStream

SUBMISSIONS_PER_OUTAGE = 10

# Which services read which event topics (reporting projects every one).
SUBSCRIBERS: dict[str, list[Topic]] = {
    "applications": topics_for(list(applications.handlers.CONSUMES)),
    "matching": topics_for(list(matching.handlers.CONSUMES)),
    "notifications": topics_for(list(notifications.handlers.CONSUMES)),
    "reporting": list(EVENT_TOPICS),
}


def consumer_groups(prefix: str) -> dict[str, list[str]]:
    """Each service's consumer group and the topics it reads (reporting's is faust's)."""
    return {
        consumer_group(service, prefix): [t.qualified(prefix) for t in topics]
        for service, topics in SUBSCRIBERS.items()
    }


@dataclass(frozen=True)
class Window:
    started: float  # time.monotonic()
    ended: float

    @property
    def seconds(self) -> float:
        return self.ended - self.started


async def outage(
    stream: SubmissionStream, stop: Callable[[], object], restart: Callable[[], object]
) -> Window:
    """Stop something, keep it down while the stream sends a few submissions, restart it."""
    started = time.monotonic()
    await asyncio.to_thread(stop)
    before = stream.started_count()
    await eventually(
        stream.started_count,
        until=lambda n: n >= before + SUBMISSIONS_PER_OUTAGE,
        timeout=30,
        what="submissions during the outage",
    )
    await asyncio.to_thread(restart)
    return Window(started, time.monotonic())


class Killable(Protocol):
    def kill(self, sig: int = signal.SIGKILL) -> None: ...


def kill(process: Killable) -> Callable[[], None]:
    """``kill -9`` (the process group: reporting's faust worker dies with its API)."""
    return lambda: process.kill(signal.SIGKILL)


# -- a kill between a submission's statements and its COMMIT -----------------------------

COMMIT_SECONDS = 1.0  # every submission's COMMIT while the fault is on (6/s: ~6 at a time)
IN_COMMIT = 3  # submissions waiting in their COMMIT before the kill is issued


@dataclass(frozen=True)
class MidCommit:
    window: Window
    waiting: int  # submissions in their COMMIT when the kill was issued
    cut_off: int  # of those, never saved: the kill landed before their COMMIT completed


async def outage_mid_commit(
    dsn: str, stream: SubmissionStream, stop: Callable[[], object], restart: Callable[[], object]
) -> MidCommit:
    """``outage``, begun while submissions are waiting in their COMMIT: every submission's
    COMMIT (after all its statements ran) is held ``COMMIT_SECONDS``, from before the stop
    until the restart has been issued, and the stop waits for ``IN_COMMIT`` of them."""
    async with slow_commit(
        dsn, "applicant_contacts", "true", COMMIT_SECONDS, shown_as="NEW.application_id::text"
    ):
        waiting = await eventually(
            lambda: waiting_at_commit(dsn),
            until=lambda ids: len(ids) >= IN_COMMIT,
            timeout=30,
            interval=0.02,
            what=f"{IN_COMMIT} submissions waiting in their COMMIT",
        )
        window = await outage(stream, stop, restart)
    return MidCommit(window, len(waiting), len(waiting) - await _saved(dsn, waiting))


async def _saved(dsn: str, application_ids: list[str]) -> int:
    """How many of these applications the applications database holds (a peek at its
    table: the fault's own measure, not a check)."""
    conn = await asyncpg.connect(dsn)
    try:
        n = await conn.fetchval(
            "SELECT count(*) FROM applications WHERE application_id = ANY($1::uuid[])",
            application_ids,
        )
    finally:
        await conn.close()
    return int(n)


# -- (e) records that can never be handled ---------------------------------------------


@dataclass(frozen=True)
class Injected:
    topic: str
    partition: int
    offset: int
    what: str


def undeliverable_records(topic: Topic) -> list[tuple[str, bytes]]:
    """Malformed JSON, JSON that is no envelope, and an envelope of an unknown version."""
    known = next(spec for spec in CATALOGUE if spec.topic == topic)
    event_id = str(uuid.uuid4())
    unknown_version = {
        "specversion": "1.0",
        "id": event_id,
        "source": "/returners/fault-injection",
        "type": known.type.rsplit(".", 1)[0] + ".v99",
        "time": datetime.now(UTC).isoformat(),
        "subject": event_id,
        "datacontenttype": "application/json",
        "dataschema": f"https://returners.example.org/schemas/{known.type}.v99.json",
        "correlationid": event_id,
        "causationid": event_id,
        "data": {"application_id": event_id, "shape": "from the future"},
    }
    return [
        ("malformed JSON", b'{"specversion": "1.0", "id": '),
        ("not an envelope", json.dumps({"hello": "world"}).encode()),
        ("unknown version", json.dumps(unknown_version).encode()),
    ]


async def inject_undeliverable(bootstrap: str, prefix: str) -> list[Injected]:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    injected = []
    try:
        for topic in EVENT_TOPICS:
            for what, value in undeliverable_records(topic):
                meta = await producer.send_and_wait(
                    topic.qualified(prefix), value=value, key=str(uuid.uuid4()).encode()
                )
                injected.append(Injected(meta.topic, meta.partition, meta.offset, what))
    finally:
        await producer.stop()
    return injected


async def missing_dead_letters(bootstrap: str, prefix: str, injected: list[Injected]) -> list[str]:
    """Each (service, injected record) pair not yet on that service's dead-letter topic."""
    missing = []
    for service, topics in SUBSCRIBERS.items():
        names = {t.qualified(prefix) for t in topics}
        landed = {
            (
                r.headers.get(dlq.H_ORIGINAL_TOPIC),
                r.headers.get(dlq.H_ORIGINAL_PARTITION),
                r.headers.get(dlq.H_ORIGINAL_OFFSET),
            )
            for r in await read_topic(bootstrap, dead_letter_topic(service).qualified(prefix))
        }
        missing += [
            f"{service}: {i.what} at {i.topic}:{i.partition}:{i.offset}"
            for i in injected
            if i.topic in names and (i.topic, str(i.partition), str(i.offset)) not in landed
        ]
    return missing


def expected_dead_letters(prefix: str, injected: list[Injected]) -> int:
    return sum(
        1
        for topics in SUBSCRIBERS.values()
        for i in injected
        if i.topic in {t.qualified(prefix) for t in topics}
    )


# -- (f) a stretch of every topic delivered again --------------------------------------


async def redeliver_tail(bootstrap: str, prefix: str, per_partition: int) -> int:
    """Re-publish the last ``per_partition`` records of every partition of every event
    topic, byte for byte (key, value, headers) to the same partition; how many."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    sent = 0
    try:
        for topic in EVENT_TOPICS:
            records = await read_records(bootstrap, topic.qualified(prefix))
            by_partition: dict[int, list[ConsumerRecord[bytes, bytes]]] = {}
            for record in records:
                by_partition.setdefault(record.partition, []).append(record)
            for partition, items in by_partition.items():
                for record in sorted(items, key=lambda r: r.offset)[-per_partition:]:
                    await producer.send(
                        record.topic,
                        value=record.value,
                        key=record.key,
                        headers=list(record.headers or ()),
                        partition=partition,
                    )
                    sent += 1
        await producer.flush()
    finally:
        await producer.stop()
    return sent

"""When the idempotent consumer commits its offsets (not after every batch, but once a second
while records keep coming, once they stop, and when the service stops), and which records it
never decodes."""

import asyncio
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from aiokafka import TopicPartition
from aiokafka.structs import ConsumerRecord

from returners_cli.testing.polling import eventually
from returners_platform.contracts.envelope import new_event
from returners_platform.contracts.events import ApplicationWithdrawn, ProgrammePublished
from returners_platform.messaging import consumer as consumer_module
from returners_platform.messaging.codec import Headers, encode_value, record_headers
from returners_platform.messaging.consumer import EventConsumer, HandlerRegistry
from returners_platform.messaging.failure_policy import FailurePolicy

TOPIC = "returners.applications"


def _record(
    partition: int, offset: int, *, value: bytes | None = None, headers: Headers = ()
) -> ConsumerRecord[bytes, bytes]:
    if value is None:
        data = ApplicationWithdrawn(
            application_id=uuid.uuid4(), programme_id="p", withdrawn_at=datetime.now(UTC)
        )
        value = encode_value(new_event(data, source="/test"))
    return ConsumerRecord(TOPIC, partition, offset, 0, 0, None, value, None, 0, len(value), headers)


class ScriptedKafka:
    """Hands out the scripted batches in turn, then nothing (after a short wait, as a real
    consumer's ``getmany`` times out; or, ``hang``, never), and records every commit."""

    def __init__(
        self, batches: list[list[ConsumerRecord[bytes, bytes]]], *, hang: bool = False
    ) -> None:
        self.batches = batches
        self.hang = hang
        self.commits: list[dict[TopicPartition, int]] = []
        self.asked = 0

    async def getmany(self, **_: Any) -> dict[TopicPartition, list[ConsumerRecord[bytes, bytes]]]:
        self.asked += 1
        if not self.batches:
            if self.hang:
                await asyncio.Event().wait()
            await asyncio.sleep(0.05)
            return {}
        batch: dict[TopicPartition, list[ConsumerRecord[bytes, bytes]]] = {}
        for record in self.batches.pop(0):
            batch.setdefault(TopicPartition(record.topic, record.partition), []).append(record)
        return batch

    async def commit(self, offsets: dict[TopicPartition, int]) -> None:
        self.commits.append(dict(offsets))

    def highwater(self, _: TopicPartition) -> None:
        return None


def _consumer(kafka: ScriptedKafka, handlers: HandlerRegistry | None = None) -> EventConsumer:
    return EventConsumer(
        service="applications",
        group_id="g",
        pool=None,  # type: ignore[arg-type]  # nothing handled: nothing touches the database
        handlers=handlers or {},
        consumer=kafka,  # type: ignore[arg-type]
        dead_letters=None,  # type: ignore[arg-type]  # nothing is dead-lettered either
        policy=FailurePolicy(),
    )


async def _until(condition: Any) -> None:
    await eventually(condition, timeout=5, interval=0.001, what="the consumer to get there")


async def test_batches_arriving_within_a_second_share_one_commit_of_the_last_offsets() -> None:
    kafka = ScriptedKafka([[_record(0, 0)], [_record(0, 1), _record(1, 0)], [_record(0, 2)]])
    task = asyncio.create_task(_consumer(kafka).run())
    try:
        await _until(lambda: kafka.commits)  # the first empty poll commits
    finally:
        task.cancel()
    assert kafka.commits[0] == {TopicPartition(TOPIC, 0): 3, TopicPartition(TOPIC, 1): 1}


async def test_records_still_coming_are_committed_once_a_second_has_passed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(consumer_module, "COMMIT_EVERY_SECONDS", 0.0)
    kafka = ScriptedKafka([[_record(0, 0)], [_record(0, 1)]])
    task = asyncio.create_task(_consumer(kafka).run())
    try:
        await _until(lambda: len(kafka.commits) >= 2)
    finally:
        task.cancel()
    assert kafka.commits[:2] == [{TopicPartition(TOPIC, 0): 1}, {TopicPartition(TOPIC, 0): 2}]


async def test_a_stopping_service_commits_what_was_handled_since_the_last_commit() -> None:
    kafka = ScriptedKafka([[_record(0, 0)], [_record(0, 1)]], hang=True)
    consumer = _consumer(kafka)
    task = asyncio.create_task(consumer.run())
    await _until(lambda: kafka.asked >= 3)  # both batches handled, waiting for more
    task.cancel()
    assert kafka.commits == []  # nothing yet: under a second, and never idle
    await consumer.commit_pending()
    assert kafka.commits == [{TopicPartition(TOPIC, 0): 2}]


async def test_a_record_whose_header_names_a_type_handled_elsewhere_is_skipped_undecoded() -> None:
    async def never(event: Any, uow: Any) -> None:
        raise AssertionError("not this one")

    # Not even JSON: decoded, it would be dead-lettered (and this consumer has no dead letters).
    others = _record(
        0, 0, value=b"not json", headers=record_headers(ProgrammePublished.event_type, "e")
    )
    consumer = _consumer(ScriptedKafka([]), handlers={ApplicationWithdrawn: never})
    await consumer.process(others)

"""The idempotent consumer and its failure policy, against real Postgres and Kafka."""

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import asyncpg
import pytest

from returners_cli.testing.kafka import produce_raw, read_topic, wait_for_records
from returners_cli.testing.polling import eventually
from returners_platform.contracts.envelope import CloudEvent, new_event
from returners_platform.contracts.events import ApplicationWithdrawn
from returners_platform.messaging.codec import encode_value, record_headers
from returners_platform.messaging.consumer import EventConsumer, HandlerRegistry
from returners_platform.messaging.dead_letters import DeadLetters
from returners_platform.messaging.failure_policy import FailurePolicy, PermanentHandlerError
from returners_platform.messaging.kafka import ProducerFactory, make_consumer
from returners_platform.messaging.unit_of_work import UnitOfWork, connection_of

pytestmark = pytest.mark.integration

POISON_PROGRAMME = "poison"
REJECTED_PROGRAMME = "rejected"


# Errors to raise, in turn, on the tries of one event (by application id).
SCRIPTED_ERRORS: dict[str, list[Exception]] = {}


async def count_effect(event: CloudEvent[Any], uow: UnitOfWork) -> None:
    if script := SCRIPTED_ERRORS.get(str(event.data.application_id)):
        raise script.pop(0)
    if event.data.programme_id == POISON_PROGRAMME:
        raise RuntimeError("handler bug")
    if event.data.programme_id == REJECTED_PROGRAMME:
        raise PermanentHandlerError("no such application")
    await connection_of(uow).execute(
        "INSERT INTO effects VALUES ($1, 1)"
        " ON CONFLICT (application_id) DO UPDATE SET times = effects.times + 1",
        event.data.application_id,
    )


HANDLERS: HandlerRegistry = {ApplicationWithdrawn: count_effect}


@pytest.fixture
async def consuming(
    pool: asyncpg.Pool, producer_factory: ProducerFactory, kafka_bootstrap: str, topics: str
) -> AsyncIterator[None]:
    kafka_consumer = make_consumer(
        kafka_bootstrap,
        f"{topics}group",
        "test",
        *EventConsumer.topic_names(HANDLERS, topics),
    )
    await kafka_consumer.start()
    dead_letters = DeadLetters(producer_factory, "applications", topics)
    consumer = EventConsumer(
        service="applications",
        group_id=f"{topics}group",
        pool=pool,
        handlers=HANDLERS,
        consumer=kafka_consumer,
        dead_letters=dead_letters,
        policy=FailurePolicy(max_attempts=3, backoff_initial_seconds=0.01),
    )
    task = asyncio.create_task(consumer.run())
    yield
    task.cancel()
    await kafka_consumer.stop()
    await dead_letters.close()


def _withdrawal(programme_id: str = "p") -> CloudEvent[ApplicationWithdrawn]:
    data = ApplicationWithdrawn(
        application_id=uuid.uuid4(), programme_id=programme_id, withdrawn_at=datetime.now(UTC)
    )
    return new_event(data, source="/test")


async def _publish(bootstrap: str, topic: str, event: CloudEvent[Any]) -> None:
    await produce_raw(
        bootstrap,
        topic,
        encode_value(event),
        event.subject.encode(),
        record_headers(event.type, event.id),
    )


async def _times(pool: asyncpg.Pool, event: CloudEvent[Any]) -> int | None:
    value = await pool.fetchval(
        "SELECT times FROM effects WHERE application_id = $1", event.data.application_id
    )
    return int(value) if value is not None else None


@pytest.mark.usefixtures("consuming")
async def test_an_event_delivered_twice_changes_state_once(
    pool: asyncpg.Pool, kafka_bootstrap: str, topics: str
) -> None:
    event, marker = _withdrawal(), _withdrawal()
    topic = f"{topics}returners.applications"
    await _publish(kafka_bootstrap, topic, event)
    await _publish(kafka_bootstrap, topic, event)
    await _publish(kafka_bootstrap, topic, marker)  # same partition or not, wait for it too

    await eventually(lambda: _times(pool, marker), until=lambda n: n == 1, what="marker handled")
    await eventually(lambda: _times(pool, event), until=lambda n: n == 1, what="event handled")
    processed = await pool.fetchval(
        "SELECT count(*) FROM processed_events WHERE event_id = $1", event.id
    )
    assert (await _times(pool, event), processed) == (1, 1)


@pytest.mark.usefixtures("consuming")
@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (b"{this is not json", "malformed JSON"),
        (b'{"specversion": "1.0"}', "invalid envelope"),
        ("unknown-type", "unknown event type returners.application.withdrawn.v9"),
        ("invalid-data", "invalid returners.application.withdrawn.v1 data"),
    ],
)
async def test_an_undecodable_record_is_dead_lettered_with_its_reason_and_the_next_is_handled(
    pool: asyncpg.Pool, kafka_bootstrap: str, topics: str, value: bytes | str, reason: str
) -> None:
    topic = f"{topics}returners.applications"
    bad_key = uuid.uuid4().hex
    if value == "unknown-type":
        document = json.loads(encode_value(_withdrawal()))
        document["type"] = "returners.application.withdrawn.v9"
        value = json.dumps(document).encode()
    elif value == "invalid-data":
        document = json.loads(encode_value(_withdrawal()))
        document["data"]["withdrawn_at"] = "yesterday"
        value = json.dumps(document).encode()
    assert isinstance(value, bytes)
    await produce_raw(kafka_bootstrap, topic, value, bad_key.encode())
    good = _withdrawal()
    await _publish(kafka_bootstrap, topic, good)

    [dead] = await wait_for_records(
        kafka_bootstrap, f"{topics}returners.dlq.applications", lambda r: r.key == bad_key
    )
    assert reason in dead.headers["dlq.reason"]
    assert dead.headers["dlq.error_type"] == "undecodable"
    assert dead.headers["dlq.original_topic"] == topic
    assert dead.headers["dlq.service"] == "applications"
    assert int(dead.headers["dlq.original_offset"]) >= 0
    assert dead.value == value
    await eventually(lambda: _times(pool, good), until=lambda n: n == 1, what="next event handled")


@pytest.mark.usefixtures("consuming")
async def test_a_handler_that_keeps_failing_is_retried_then_dead_lettered_and_the_next_handled(
    pool: asyncpg.Pool, kafka_bootstrap: str, topics: str
) -> None:
    topic = f"{topics}returners.applications"
    poison, good = _withdrawal(POISON_PROGRAMME), _withdrawal()
    await _publish(kafka_bootstrap, topic, poison)
    await _publish(kafka_bootstrap, topic, good)

    [dead] = await wait_for_records(
        kafka_bootstrap, f"{topics}returners.dlq.applications", lambda r: r.key == poison.subject
    )
    assert dead.headers["dlq.reason"] == "RuntimeError: handler bug"
    assert dead.headers["dlq.event_id"] == poison.id
    assert dead.headers["dlq.attempts"] == "3"
    assert dead.headers["dlq.error_type"] == "handler_error"
    await eventually(lambda: _times(pool, good), until=lambda n: n == 1, what="next event handled")
    assert await _times(pool, poison) is None
    assert (
        await pool.fetchval("SELECT count(*) FROM processed_events WHERE event_id = $1", poison.id)
        == 0
    )  # the failed attempt left no trace, so a replay after a fix is handled


@pytest.mark.usefixtures("consuming")
async def test_a_permanent_rejection_is_dead_lettered_at_once(
    kafka_bootstrap: str, topics: str
) -> None:
    rejected = _withdrawal(REJECTED_PROGRAMME)
    await _publish(kafka_bootstrap, f"{topics}returners.applications", rejected)
    [dead] = await wait_for_records(
        kafka_bootstrap, f"{topics}returners.dlq.applications", lambda r: r.key == rejected.subject
    )
    assert (dead.headers["dlq.attempts"], dead.headers["dlq.error_type"]) == ("1", "rejected")


async def test_offsets_are_committed_only_after_the_effect_so_a_restart_resumes_without_loss(
    pool: asyncpg.Pool, producer_factory: ProducerFactory, kafka_bootstrap: str, topics: str
) -> None:
    topic = f"{topics}returners.applications"
    events = [_withdrawal() for _ in range(30)]
    for event in events:
        await _publish(kafka_bootstrap, topic, event)
    dead_letters = DeadLetters(producer_factory, "applications", topics)  # none expected
    for _ in range(2):  # two consumer lifetimes of the same group, the first cut short
        kafka_consumer = make_consumer(kafka_bootstrap, f"{topics}resume", "t", topic)
        await kafka_consumer.start()
        consumer = EventConsumer(
            service="applications",
            group_id=f"{topics}resume",
            pool=pool,
            handlers=HANDLERS,
            consumer=kafka_consumer,
            dead_letters=dead_letters,
            policy=FailurePolicy(),
        )
        task = asyncio.create_task(consumer.run())
        await eventually(
            lambda: pool.fetchval("SELECT count(*) FROM effects"),
            until=lambda n: n >= 1,
            what="some progress",
        )
        task.cancel()
        await kafka_consumer.stop()
    # a third lifetime finishes the job
    kafka_consumer = make_consumer(kafka_bootstrap, f"{topics}resume", "t", topic)
    await kafka_consumer.start()
    consumer = EventConsumer(
        service="applications",
        group_id=f"{topics}resume",
        pool=pool,
        handlers=HANDLERS,
        consumer=kafka_consumer,
        dead_letters=dead_letters,
        policy=FailurePolicy(),
    )
    task = asyncio.create_task(consumer.run())
    try:
        await eventually(
            lambda: pool.fetchval("SELECT count(*) FROM effects"),
            until=lambda n: n == 30,
            what="all 30 handled",
        )
        assert await pool.fetchval("SELECT max(times) FROM effects") == 1
    finally:
        task.cancel()
        await kafka_consumer.stop()
        await dead_letters.close()


@pytest.mark.usefixtures("consuming")
async def test_an_outage_does_not_use_up_the_handlers_retries(
    pool: asyncpg.Pool, kafka_bootstrap: str, topics: str
) -> None:
    """Found by the fault-injection suite's reading of a Postgres restart: a transaction under
    way when Postgres shuts down ends with AdminShutdownError, which counted as a handler
    error; and tries lost to an outage counted against the handler's budget (3 here), so one
    real hiccup after an outage dead-lettered a good event. Two real failures stay under the
    budget only if none of the outages counted."""
    event = _withdrawal()
    SCRIPTED_ERRORS[str(event.data.application_id)] = [
        ConnectionRefusedError("database down"),
        ConnectionRefusedError("database down"),
        asyncpg.AdminShutdownError("terminating connection due to administrator command"),
        ConnectionRefusedError("database down"),
        RuntimeError("a real hiccup"),
        RuntimeError("and another"),  # a third failure (or a counted outage) dead-letters it
    ]
    await _publish(kafka_bootstrap, f"{topics}returners.applications", event)
    await eventually(lambda: _times(pool, event), until=lambda n: n == 1, what="handled once")
    assert not SCRIPTED_ERRORS[str(event.data.application_id)]
    dead = await read_topic(kafka_bootstrap, f"{topics}returners.dlq.applications")
    assert [r for r in dead if r.key == event.subject] == []

"""The outbox relay against real Postgres and Kafka, including crashes at the worst moments."""

import asyncio

import asyncpg
import pytest

from returners_cli.testing.kafka import read_topic, wait_for_records
from returners_cli.testing.polling import eventually
from returners_platform.messaging.kafka import ProducerFactory
from returners_platform.messaging.relay import OutboxRelay

from .outbox_rows import commit_backlog, commit_withdrawal, pending

pytestmark = pytest.mark.integration


async def test_a_committed_event_is_published_keyed_by_its_aggregate_and_marked_sent(
    pool: asyncpg.Pool,
    producer_factory: ProducerFactory,
    kafka_bootstrap: str,
    topics: str,
    database: str,
) -> None:
    relay = OutboxRelay(database, pool, producer_factory, topic_prefix=topics, poll_interval=0.2)
    task = asyncio.create_task(relay.run())
    try:
        key = await commit_withdrawal(pool)
        [record] = await wait_for_records(
            kafka_bootstrap, f"{topics}returners.applications", lambda r: r.key == key
        )
        assert record.headers["ce_type"] == "returners.application.withdrawn.v1"
        assert record.json()["correlationid"] == "corr"
        assert record.json()["causationid"] == "cause"
        await eventually(lambda: pending(pool), until=lambda n: n == 0, what="row marked sent")
    finally:
        task.cancel()


async def test_an_event_committed_while_the_relay_is_down_is_published_when_it_returns(
    pool: asyncpg.Pool,
    producer_factory: ProducerFactory,
    kafka_bootstrap: str,
    topics: str,
    database: str,
) -> None:
    key = await commit_withdrawal(pool)  # the relay "died" between the commit and the publish
    assert await pending(pool) == 1

    task = asyncio.create_task(
        OutboxRelay(database, pool, producer_factory, topic_prefix=topics).run()
    )
    try:
        await wait_for_records(
            kafka_bootstrap, f"{topics}returners.applications", lambda r: r.key == key
        )
        await eventually(lambda: pending(pool), until=lambda n: n == 0, what="row marked sent")
    finally:
        task.cancel()


async def test_a_relay_killed_after_publishing_but_before_marking_sent_publishes_again(
    pool: asyncpg.Pool,
    producer_factory: ProducerFactory,
    kafka_bootstrap: str,
    topics: str,
    database: str,
) -> None:
    key = await commit_withdrawal(pool)
    dying = OutboxRelay(database, pool, producer_factory, topic_prefix=topics)
    rows = await dying.fetch_pending()
    await dying.send(rows)  # ...and the process dies here, before mark_sent
    await dying.close()
    assert await pending(pool) == 1

    task = asyncio.create_task(
        OutboxRelay(database, pool, producer_factory, topic_prefix=topics).run()
    )
    try:
        records = await wait_for_records(
            kafka_bootstrap, f"{topics}returners.applications", lambda r: r.key == key, count=2
        )
        assert len({r.json()["id"] for r in records}) == 1  # the same event, twice: at least once
        await eventually(lambda: pending(pool), until=lambda n: n == 0, what="row marked sent")
    finally:
        task.cancel()


async def test_rows_leave_in_commit_order(
    pool: asyncpg.Pool,
    producer_factory: ProducerFactory,
    kafka_bootstrap: str,
    topics: str,
    database: str,
) -> None:
    application_id = await commit_backlog(pool, 20)
    task = asyncio.create_task(
        OutboxRelay(database, pool, producer_factory, topic_prefix=topics).run()
    )
    try:
        records = await wait_for_records(
            kafka_bootstrap,
            f"{topics}returners.applications",
            lambda r: r.key == application_id,
            count=20,
        )
        assert [r.json()["data"]["programme_id"] for r in records] == [f"p{n}" for n in range(20)]
    finally:
        task.cancel()


async def test_only_one_relay_per_database_publishes_at_a_time(
    pool: asyncpg.Pool,
    producer_factory: ProducerFactory,
    kafka_bootstrap: str,
    topics: str,
    database: str,
) -> None:
    relays = [OutboxRelay(database, pool, producer_factory, topic_prefix=topics) for _ in range(3)]
    tasks = [asyncio.create_task(r.run()) for r in relays]
    try:
        keys = [await commit_withdrawal(pool) for _ in range(10)]
        await eventually(lambda: pending(pool), until=lambda n: n == 0, what="all rows sent")
        records = await read_topic(kafka_bootstrap, f"{topics}returners.applications")
        assert sorted(r.key for r in records if r.key in keys) == sorted(keys)
        leaders = await pool.fetchval(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        )
        assert leaders == 1
    finally:
        for task in tasks:
            task.cancel()

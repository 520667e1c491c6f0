"""The relay after a failed send: a fresh producer, and the next outage's backoff starts small.

Found by the fault-injection suite (tests/reliability): after a Kafka restart the relay's
idempotent producer answered every send with ``OutOfOrderSequenceNumber`` for good (its
sequence numbers had run ahead of the broker's), and the relay retried it every 10 s.
"""

import asyncio

import asyncpg
import pytest
from aiokafka import AIOKafkaProducer

from returners_cli.testing.kafka import wait_for_records
from returners_cli.testing.polling import eventually
from returners_platform.messaging.kafka import ProducerFactory
from returners_platform.messaging.relay import RELAY_LOCK_KEY, OutboxRelay

from .outbox_rows import commit_withdrawal, pending
from .wedged import WedgedProducer, wedged_then_sound

pytestmark = pytest.mark.integration


async def test_a_relay_whose_sends_fail_publishes_with_a_fresh_producer(
    pool: asyncpg.Pool, kafka_bootstrap: str, topics: str, database: str
) -> None:
    key = await commit_withdrawal(pool)
    made: list[AIOKafkaProducer] = []
    relay = OutboxRelay(
        database, pool, wedged_then_sound(kafka_bootstrap, made, "relay-test"), topic_prefix=topics
    )
    task = asyncio.create_task(relay.run())
    try:
        await wait_for_records(
            kafka_bootstrap, f"{topics}returners.applications", lambda r: r.key == key
        )
        assert len(made) == 2
        assert isinstance(made[0], WedgedProducer)
        assert made[0]._closed  # the wedged one was closed when its spell as leader ended
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert all(p._closed for p in made)  # and the sound one when the relay stopped


async def test_after_an_outage_the_backoff_starts_small_again(
    pool: asyncpg.Pool, kafka_bootstrap: str, topics: str, database: str
) -> None:
    made: list[AIOKafkaProducer] = []
    relay = OutboxRelay(
        database, pool, wedged_then_sound(kafka_bootstrap, made, "relay-test"), topic_prefix=topics
    )
    await commit_withdrawal(pool)
    task = asyncio.create_task(relay.run())
    try:
        await eventually(
            lambda: pending(pool),
            until=lambda n: n == 0,
            what="the row published after the failure",
        )
        assert relay._backoff.attempts == 0  # the next wait is the initial one again
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def _lock_holders(pool: asyncpg.Pool) -> list[int]:
    """Who holds the relay's lock in this test's database (advisory locks are per database;
    the server also runs other tests' relays)."""
    return [
        r["pid"]
        for r in await pool.fetch(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = $1"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            RELAY_LOCK_KEY,
        )
    ]


async def test_a_relay_that_loses_its_leadership_connection_takes_the_lock_again(
    pool: asyncpg.Pool,
    producer_factory: ProducerFactory,
    kafka_bootstrap: str,
    topics: str,
    database: str,
) -> None:
    """The advisory lock and LISTEN live on the relay's own connection. When Postgres drops
    that connection (a restart, a failover, an idle-session kill) while the pool reconnects,
    the relay must notice: leading on without the lock lets a second relay lead too (two
    publishers, order lost), and without LISTEN it only polls."""
    relay = OutboxRelay(database, pool, producer_factory, topic_prefix=topics)
    task = asyncio.create_task(relay.run())
    try:
        [first] = await eventually(
            lambda: _lock_holders(pool), until=lambda pids: len(pids) == 1, what="a leader"
        )
        await pool.execute("SELECT pg_terminate_backend($1)", first)
        [second] = await eventually(
            lambda: _lock_holders(pool),
            until=lambda pids: len(pids) == 1 and pids[0] != first,
            timeout=15,
            what="the relay leading again on a new connection",
        )
        key = await commit_withdrawal(pool)
        await wait_for_records(
            kafka_bootstrap, f"{topics}returners.applications", lambda r: r.key == key
        )
        assert await _lock_holders(pool) == [second]
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

"""The relay's pipeline: a backlog of many batches, each batch fetched while the one before
is in flight, leaves in commit order, each row sent once; a failed send stops it before the
next batch goes."""

import asyncio
import json
from typing import Any

import asyncpg
import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaTimeoutError

from returners_cli.testing.kafka import wait_for_records
from returners_cli.testing.polling import eventually
from returners_platform.messaging.kafka import ProducerFactory, make_producer
from returners_platform.messaging.relay import OutboxRelay

from .outbox_rows import commit_backlog, pending

pytestmark = pytest.mark.integration

BATCH = 7


async def test_a_backlog_of_many_batches_leaves_in_commit_order_each_row_sent_once(
    pool: asyncpg.Pool,
    producer_factory: ProducerFactory,
    kafka_bootstrap: str,
    topics: str,
    database: str,
) -> None:
    key = await commit_backlog(pool, 6 * BATCH + 3)
    relay = OutboxRelay(database, pool, producer_factory, topic_prefix=topics, batch_size=BATCH)
    assert await relay.publish_pending() == 6 * BATCH + 3  # every batch, in one call
    assert await pending(pool) == 0
    assert await pool.fetchval("SELECT max(attempts) FROM outbox") == 1  # none sent twice
    await relay.close()
    records = await wait_for_records(
        kafka_bootstrap,
        f"{topics}returners.applications",
        lambda r: r.key == key,
        count=6 * BATCH + 3,
    )
    assert [r.json()["data"]["programme_id"] for r in records] == [
        f"p{n}" for n in range(6 * BATCH + 3)
    ]


class _FailsOneProgramme(AIOKafkaProducer):
    """A producer whose send of programme ``p10``'s event fails; it notes every programme it
    was handed."""

    def __init__(self, handed: list[str], **config: Any) -> None:
        super().__init__(**config)
        self.handed = handed

    async def send(self, *args: Any, **kwargs: Any) -> "asyncio.Future[Any]":
        programme = json.loads(kwargs["value"])["data"]["programme_id"]
        self.handed.append(programme)
        if programme != "p10":
            return await super().send(*args, **kwargs)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        future.set_exception(KafkaTimeoutError())
        return future


async def test_a_failed_send_ends_the_pipeline_before_the_next_batch_goes(
    pool: asyncpg.Pool, kafka_bootstrap: str, topics: str, database: str
) -> None:
    await commit_backlog(pool, 3 * BATCH)  # p10 is in the second batch
    handed: list[str] = []
    failing = _FailsOneProgramme(handed, bootstrap_servers=kafka_bootstrap)
    relay = OutboxRelay(database, pool, lambda: failing, topic_prefix=topics, batch_size=BATCH)
    with pytest.raises(RuntimeError, match="1 outbox rows failed to publish"):
        await relay.publish_pending()
    await relay.close()
    assert handed == [f"p{n}" for n in range(2 * BATCH)]  # the third batch was never sent
    failed = await pool.fetchrow(
        "SELECT attempts, last_error, published_at FROM outbox WHERE payload->'data'->>"
        "'programme_id' = 'p10'"
    )
    assert failed is not None
    assert (failed["attempts"], failed["published_at"]) == (1, None)
    assert "KafkaTimeoutError" in failed["last_error"]
    assert await pending(pool) == 1 + BATCH  # p10 keeps its place; the third batch waits

    sound = OutboxRelay(
        database,
        pool,
        lambda: make_producer(kafka_bootstrap, "test"),
        topic_prefix=topics,
        batch_size=BATCH,
    )
    assert await sound.publish_pending() == 1 + BATCH
    await sound.close()
    await eventually(lambda: pending(pool), until=lambda n: n == 0, what="all rows sent")

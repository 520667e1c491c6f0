"""The relay's pipeline: a backlog of many batches, each batch fetched while the one before
is in flight, leaves in commit order, each row sent once; a failed send stops it before the
next batch goes."""

import asyncio
import json
import uuid
from datetime import UTC, datetime
from typing import Any

import asyncpg
import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaTimeoutError
from aiokafka.partitioner import DefaultPartitioner
from aiokafka.producer.message_accumulator import BatchBuilder

from returners_cli.testing.kafka import wait_for_records
from returners_cli.testing.polling import eventually
from returners_platform.contracts.events import ApplicationWithdrawn
from returners_platform.contracts.topics import APPLICATIONS
from returners_platform.messaging.kafka import ProducerFactory, make_producer
from returners_platform.messaging.relay import OutboxRelay
from returners_platform.messaging.unit_of_work import UnitOfWork

from .outbox_rows import commit_backlog, commit_withdrawal, pending

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


async def test_a_row_committed_behind_one_already_published_goes_in_the_next_run(
    pool: asyncpg.Pool, producer_factory: ProducerFactory, database: str, topics: str
) -> None:
    """A run fetches the rows after the last one it fetched; a row whose ``seq`` was taken
    before and whose commit came after is not skipped for good, only left to the next run."""
    async with pool.acquire() as slow, slow.transaction():
        await UnitOfWork(slow, source="/t", correlation_id=None, causation_id=None).publish(
            ApplicationWithdrawn(
                application_id=uuid.uuid4(), programme_id="late", withdrawn_at=datetime.now(UTC)
            )
        )
        await commit_withdrawal(pool)  # a later seq, committed first
        relay = OutboxRelay(database, pool, producer_factory, topic_prefix=topics)
        assert await relay.publish_pending() == 1
    assert await relay.publish_pending() == 1  # the late one
    await relay.close()
    assert await pending(pool) == 0


async def test_each_record_goes_to_the_partition_the_producers_own_partitioner_picks(
    pool: asyncpg.Pool,
    producer_factory: ProducerFactory,
    kafka_bootstrap: str,
    topics: str,
    database: str,
) -> None:
    """The relay builds its record batches itself; a key must still land where
    ``producer.send`` (aiokafka's default partitioner) would put it, or its events would
    lose their order against those sent before."""
    keys = {await commit_withdrawal(pool) for _ in range(3 * BATCH)}
    relay = OutboxRelay(database, pool, producer_factory, topic_prefix=topics, batch_size=BATCH)
    assert await relay.publish_pending() == 3 * BATCH
    await relay.close()
    topic = f"{topics}returners.applications"
    records = await wait_for_records(
        kafka_bootstrap, topic, lambda r: r.key in keys, count=3 * BATCH
    )
    partitions = list(range(APPLICATIONS.partitions))
    assert {r.key: r.partition for r in records} == {
        key: DefaultPartitioner()(key.encode(), partitions, partitions) for key in keys
    }
    assert len({r.partition for r in records}) > 1  # the batches spread over partitions


class _FailsOneProgramme(AIOKafkaProducer):
    """A producer whose record batch holding programme ``p10``'s event fails, every record in
    it, as a broker fails a batch; it notes every programme it was handed, batch by batch."""

    def __init__(self, handed: list[str], **config: Any) -> None:
        super().__init__(**config)
        self.handed = handed
        self._programmes: dict[BatchBuilder, list[str]] = {}

    def create_batch(self) -> BatchBuilder:
        batch = super().create_batch()
        programmes = self._programmes[batch] = []
        append = batch.append

        def noting(**record: Any) -> Any:
            metadata = append(**record)
            if metadata is not None:
                programmes.append(json.loads(record["value"])["data"]["programme_id"])
            return metadata

        batch.append = noting  # type: ignore[method-assign]
        return batch

    async def send_batch(
        self, batch: BatchBuilder, topic: str, *, partition: int
    ) -> "asyncio.Future[Any]":
        programmes = self._programmes.pop(batch)
        self.handed.extend(programmes)
        if "p10" not in programmes:
            return await super().send_batch(batch, topic, partition=partition)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        future.set_exception(KafkaTimeoutError())
        return future


async def test_a_failed_send_ends_the_pipeline_before_the_next_batch_goes(
    pool: asyncpg.Pool, kafka_bootstrap: str, topics: str, database: str
) -> None:
    await commit_backlog(pool, 3 * BATCH)  # one key: p7 to p13, the second batch, go together
    handed: list[str] = []
    failing = _FailsOneProgramme(handed, bootstrap_servers=kafka_bootstrap)
    relay = OutboxRelay(database, pool, lambda: failing, topic_prefix=topics, batch_size=BATCH)
    with pytest.raises(RuntimeError, match=f"{BATCH} outbox rows failed to publish"):
        await relay.publish_pending()
    await relay.close()
    assert handed == [f"p{n}" for n in range(2 * BATCH)]  # the third batch was never sent
    failed = await pool.fetch(
        "SELECT attempts, last_error, published_at FROM outbox ORDER BY seq OFFSET $1 LIMIT $1",
        BATCH,
    )
    assert [(row["attempts"], row["published_at"]) for row in failed] == [(1, None)] * BATCH
    assert all("KafkaTimeoutError" in row["last_error"] for row in failed)
    assert await pending(pool) == 2 * BATCH  # the failed rows keep their place; the third waits

    sound = OutboxRelay(
        database,
        pool,
        lambda: make_producer(kafka_bootstrap, "test"),
        topic_prefix=topics,
        batch_size=BATCH,
    )
    assert await sound.publish_pending() == 2 * BATCH
    await sound.close()
    await eventually(lambda: pending(pool), until=lambda n: n == 0, what="all rows sent")

from collections.abc import AsyncIterator

import asyncpg
import pytest
from aiokafka import AIOKafkaProducer

from returners_platform.contracts.topics import ALL_TOPICS
from returners_platform.messaging.kafka import ensure_topics, make_producer
from returners_platform.messaging.schema import MESSAGING_TABLES_DDL

pytestmark = pytest.mark.integration


@pytest.fixture
async def pool(database: str) -> AsyncIterator[asyncpg.Pool]:
    """A database with the messaging tables and an ``effects`` table handlers write to."""
    conn = await asyncpg.connect(database)
    await conn.execute(MESSAGING_TABLES_DDL)
    await conn.execute("CREATE TABLE effects (application_id uuid PRIMARY KEY, times int)")
    await conn.close()
    pool = await asyncpg.create_pool(database, min_size=1, max_size=5)
    yield pool
    await pool.close()


@pytest.fixture
async def topics(kafka_bootstrap: str, topic_prefix: str) -> str:
    await ensure_topics(kafka_bootstrap, ALL_TOPICS, prefix=topic_prefix)
    return topic_prefix


@pytest.fixture
async def producer(kafka_bootstrap: str) -> AsyncIterator[AIOKafkaProducer]:
    producer = make_producer(kafka_bootstrap, "test")
    await producer.start()
    yield producer
    await producer.stop()

from collections.abc import AsyncIterator
from functools import partial

import asyncpg
import pytest

from returners_platform.contracts.topics import ALL_TOPICS
from returners_platform.messaging.kafka import ProducerFactory, ensure_topics, make_producer
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
def producer_factory(kafka_bootstrap: str) -> ProducerFactory:
    """Producers for the relay or dead letters under test, which start and stop their own."""
    return partial(make_producer, kafka_bootstrap, "test")

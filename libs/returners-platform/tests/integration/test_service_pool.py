"""A service's connection pool (``service.pools.open_pool``) against real Postgres: the
connections a burst opened are closed once unused, the floor is kept, so an idle stack holds
few backends."""

import asyncio

import asyncpg
import pytest

from returners_cli.testing.polling import eventually
from returners_platform.service.pools import open_pool
from returners_platform.service.settings import ServiceSettings

pytestmark = pytest.mark.integration

IDLE_SECONDS = 1.0


async def _backends(observer: asyncpg.Connection) -> set[int]:
    """The pids of the database's client backends, the observer's own left out."""
    rows = await observer.fetch(
        "SELECT pid FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        " AND backend_type = 'client backend'"
    )
    return {row["pid"] for row in rows}


async def _burst(pool: asyncpg.Pool, observer: asyncpg.Connection, size: int) -> set[int]:
    """``size`` requests at once, each holding a connection: the backends while all are held."""
    held = asyncio.Barrier(size + 1)
    done = asyncio.Event()

    async def request() -> None:
        async with pool.acquire() as connection:
            await connection.fetchval("SELECT 1")
            await held.wait()
            await done.wait()

    requests = [asyncio.create_task(request()) for _ in range(size)]
    await held.wait()
    backends = await _backends(observer)
    done.set()
    await asyncio.gather(*requests)
    return backends


async def test_the_connections_a_burst_opened_are_closed_once_unused_and_the_floor_kept(
    database: str,
) -> None:
    settings = ServiceSettings(
        service_name="pool-test",
        port=1,
        database_url=database,
        db_pool_min=1,
        db_pool_max=4,
        db_pool_idle_seconds=IDLE_SECONDS,
    )
    observer = await asyncpg.connect(database)
    pool = await open_pool(settings)
    try:
        during = await _burst(pool, observer, 4)
        assert len(during) == 4

        after = await eventually(
            lambda: _backends(observer),
            until=lambda pids: len(pids) == 1,
            timeout=15,
            what="the pool back at its floor of one connection",
        )
        assert after < during  # one of the burst's: the floor is kept, not reopened
        assert pool.get_size() == 1

        assert await pool.fetchval("SELECT 1") == 1
        assert await _backends(observer) == after  # served by the floor's connection

        assert len(await _burst(pool, observer, 3)) == 3  # a later burst opens them again
    finally:
        await pool.close()
        await observer.close()

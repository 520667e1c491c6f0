"""A service's connection pool (``service.runtime.open_pool``) against real Postgres: the
connections a burst opened are closed once unused, so an idle stack holds few backends."""

import asyncio

import asyncpg
import pytest

from returners_cli.testing.polling import eventually
from returners_platform.service.runtime import open_pool
from returners_platform.service.settings import ServiceSettings

pytestmark = pytest.mark.integration


def _settings(database: str, **pool: float) -> ServiceSettings:
    return ServiceSettings(service_name="pool-test", port=1, database_url=database, **pool)


async def _backends(observer: asyncpg.Connection) -> int:
    """The database's client backends, the observer's own left out."""
    return int(
        await observer.fetchval(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND backend_type = 'client backend'"
        )
    )


async def _burst(pool: asyncpg.Pool, size: int) -> None:
    """``size`` requests at once, each holding a connection for a moment."""

    async def request() -> None:
        async with pool.acquire() as connection:
            await connection.execute("SELECT pg_sleep(0.2)")

    await asyncio.gather(*(request() for _ in range(size)))


async def test_the_connections_a_burst_opened_are_closed_once_unused_and_the_floor_kept(
    database: str,
) -> None:
    observer = await asyncpg.connect(database)
    pool = await open_pool(
        _settings(database, db_pool_min=1, db_pool_max=4, db_pool_idle_seconds=0.5)
    )
    try:
        await _burst(pool, 4)
        assert await _backends(observer) == 4

        await eventually(
            lambda: _backends(observer),
            until=lambda n: n == 1,
            timeout=15,
            what="the pool back at its floor of one connection",
        )
        assert await pool.fetchval("SELECT 1") == 1
        assert await _backends(observer) == 1

        await _burst(pool, 3)  # a later burst opens them again
        assert await _backends(observer) == 3
    finally:
        await pool.close()
        await observer.close()

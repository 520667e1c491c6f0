"""The platform's connection pools: every pool a service's processes open (the service's,
a standalone relay's, the reporting worker's) comes from ``open_pool``."""

import asyncpg

from returners_platform.service.settings import ServiceSettings


async def _keep_session(_conn: asyncpg.Connection) -> None:
    """A released connection's reset: nothing beyond asyncpg's own (an open transaction rolled
    back, listeners dropped). No service sets session state on a pooled connection - no
    session ``SET``, ``LISTEN``, session advisory lock or ``WITH HOLD`` cursor (the relay's
    lock and LISTEN are on a connection of its own; ``tests/architecture`` holds every service
    to it) - so asyncpg's default reset query (``pg_advisory_unlock_all(); CLOSE ALL;
    UNLISTEN *; RESET ALL``) would be a round trip to Postgres after every use for nothing."""


async def open_pool(
    settings: ServiceSettings, *, min_size: int | None = None, max_size: int | None = None
) -> asyncpg.Pool:
    """A connection pool to the service's database (its ``db_pool_min``/``db_pool_max``
    unless given): no reset query on release (``_keep_session``), and the connections
    beyond its floor closed once unused for ``db_pool_idle_seconds``. Every pool of the
    platform's processes is opened here (``tests/architecture`` holds them to it)."""
    return await asyncpg.create_pool(
        settings.database_url,
        min_size=settings.db_pool_min if min_size is None else min_size,
        max_size=settings.db_pool_max if max_size is None else max_size,
        max_inactive_connection_lifetime=settings.db_pool_idle_seconds,
        reset=_keep_session,
    )

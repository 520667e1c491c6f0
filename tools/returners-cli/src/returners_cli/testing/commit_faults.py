"""Faults a database raises only when a transaction commits, for tests that check what a
client is told about its write: a COMMIT refused, or a COMMIT made slow (a window to break
things in), installed for a block as a deferred constraint trigger.

Each helper opens connections of its own, one at a time: the server may have been stopped
and started again inside the block, and the trigger is removed all the same.
"""

import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import asyncpg


def refused_at_commit(dsn: str, table: str, when: str) -> AbstractAsyncContextManager[None]:
    """Every transaction inserting a row of ``table`` that matches ``when`` runs all its
    statements, then fails at COMMIT."""
    return at_commit(dsn, table, when, "RAISE EXCEPTION 'refused at commit (test fault)'")


def slow_commit(
    dsn: str, table: str, when: str, seconds: float
) -> AbstractAsyncContextManager[None]:
    """Every transaction inserting a matching row of ``table`` takes ``seconds`` to commit
    (it waits in ``pg_sleep``: ``waiting_at_commit`` counts them)."""
    return at_commit(dsn, table, when, f"PERFORM pg_sleep({seconds})")


@asynccontextmanager
async def at_commit(dsn: str, table: str, when: str, action: str) -> AsyncIterator[None]:
    """A deferred constraint trigger running ``action`` (PL/pgSQL) at COMMIT, for every
    inserted row of ``table`` matching ``when``."""
    name = f"at_commit_{uuid.uuid4().hex[:8]}"
    await _execute(
        dsn,
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS"
        f" $$ BEGIN {action}; RETURN NULL; END $$;"
        f" CREATE CONSTRAINT TRIGGER {name} AFTER INSERT ON {table}"
        f" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ({when})"
        f" EXECUTE FUNCTION {name}()",
    )
    try:
        yield
    finally:
        await _execute(dsn, f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION {name}()")


async def waiting_at_commit(dsn: str) -> list[float]:
    """When each session of ``dsn``'s database now waiting in a COMMIT that a
    ``slow_commit`` holds began that COMMIT (``time.time()`` on the server's clock)."""
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(
            "SELECT extract(epoch FROM query_start)::float8 AS began FROM pg_stat_activity"
            " WHERE datname = current_database() AND state = 'active'"
            " AND wait_event = 'PgSleep' AND query ILIKE 'commit%'"
        )
    finally:
        await conn.close()
    return [float(row["began"]) for row in rows]


async def _execute(dsn: str, sql: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()

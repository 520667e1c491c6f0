"""Faults a database raises only when a transaction commits, for tests that check what a
client is told about its write: a COMMIT refused, or a COMMIT made slow (a window to break
things in), installed for a block as a deferred constraint trigger.

Each helper opens connections of its own, one at a time: the server may have been stopped
and started again inside the block, and the trigger is removed all the same.
"""

import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import asyncpg

from returners_cli.testing.polling import eventually


def refused_at_commit(dsn: str, table: str, when: str) -> AbstractAsyncContextManager[None]:
    """Every transaction inserting a row of ``table`` that matches ``when`` runs all its
    statements, then fails at COMMIT."""
    return at_commit(dsn, table, when, "RAISE EXCEPTION 'refused at commit (test fault)'")


def slow_commit(
    dsn: str, table: str, when: str, seconds: float, *, shown_as: str | None = None
) -> AbstractAsyncContextManager[None]:
    """Every transaction inserting a matching row of ``table`` takes ``seconds`` to commit.
    ``waiting_at_commit`` names the sessions waiting so: by ``shown_as``, an SQL expression
    of ``NEW`` each one shows as its ``application_name`` while it waits (a key of the row,
    to tell afterwards whether its transaction committed)."""
    show = f"PERFORM set_config('application_name', {shown_as}, true); " if shown_as else ""
    return at_commit(dsn, table, when, f"{show}PERFORM pg_sleep({seconds})")


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


async def waiting_at_commit(dsn: str) -> list[str]:
    """The ``application_name`` of every session of ``dsn``'s database now waiting in a
    commit that a ``slow_commit`` holds: a COMMIT, or a lone statement's own commit at its
    end (its deferred triggers fire then, the statement still running), so whatever the
    session's query, it is the trigger's sleep that marks it."""
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(
            "SELECT application_name FROM pg_stat_activity"
            " WHERE datname = current_database() AND state = 'active'"
            " AND wait_event = 'PgSleep' AND pid <> pg_backend_pid()"
        )
    finally:
        await conn.close()
    return [str(row["application_name"]) for row in rows]


CLIENT_CHECK = "client_connection_check_interval"


@asynccontextmanager
async def client_checked(admin_dsn: str, interval_ms: int = 50) -> AsyncIterator[None]:
    """The server checks, every ``interval_ms`` of a statement, that its client is still
    there, and ends the session (rolling back) if not.

    By default a server carries out a COMMIT it has received even if the client dies while
    it runs; with the check, a client killed while its COMMIT runs is one killed before it
    sent the COMMIT. Each session takes the setting from its next statement on; a new
    session showing it means the server has signalled every session to reload.
    """
    await _alter_system(admin_dsn, f"SET {CLIENT_CHECK} = {interval_ms}")
    await eventually(
        lambda: _fetch_value(admin_dsn, f"SHOW {CLIENT_CHECK}"),
        until=lambda value: value == f"{interval_ms}ms",
        timeout=10,
        what=f"{CLIENT_CHECK} in effect",
    )
    try:
        yield
    finally:
        await _alter_system(admin_dsn, f"RESET {CLIENT_CHECK}")


async def _alter_system(admin_dsn: str, change: str) -> None:
    """``ALTER SYSTEM <change>``, then the server reloads its configuration."""
    await _execute(admin_dsn, f"ALTER SYSTEM {change}")
    await _execute(admin_dsn, "SELECT pg_reload_conf()")


async def _fetch_value(dsn: str, sql: str) -> Any:
    conn = await asyncpg.connect(dsn)
    try:
        return await conn.fetchval(sql)
    finally:
        await conn.close()


async def _execute(dsn: str, sql: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()

"""Look inside a service's database from a test (what an erasure must have left behind)."""

from typing import Any

import asyncpg


async def query(dsn: str, sql: str, *args: Any) -> list[asyncpg.Record]:
    """The rows of one query, on a connection of the test's own."""
    conn = await asyncpg.connect(dsn)
    try:
        return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


async def database_text(dsn: str) -> str:
    """Every row of every table of the database, as text."""
    conn = await asyncpg.connect(dsn)
    try:
        tables = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        dumps = [str(await conn.fetch(f'SELECT t::text FROM "{t["tablename"]}" t')) for t in tables]
    finally:
        await conn.close()
    return "\n".join(dumps)

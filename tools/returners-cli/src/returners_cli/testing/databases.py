"""Look inside a service's database from a test (what an erasure must have left behind)."""

import uuid
from collections.abc import Iterable
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


async def create_databases(admin_dsn: str, names: Iterable[str], prefix: str) -> dict[str, str]:
    """A fresh database for each name (``{prefix}_{name}_{random}``): each one's URL, by name,
    for a cluster of service processes (left for the test server to discard)."""
    conn = await asyncpg.connect(admin_dsn)
    urls = {}
    try:
        for name in names:
            database = f"{prefix}_{name[:6]}_{uuid.uuid4().hex[:8]}"
            await conn.execute(f'CREATE DATABASE "{database}"')
            urls[name] = f"{admin_dsn.rpartition('/')[0]}/{database}"
    finally:
        await conn.close()
    return urls

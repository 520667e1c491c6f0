"""Look inside a service's database from a test (what an erasure must have left behind)."""

import asyncpg


async def database_text(dsn: str) -> str:
    """Every row of every table of the database, as text."""
    conn = await asyncpg.connect(dsn)
    try:
        tables = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        dumps = [str(await conn.fetch(f'SELECT t::text FROM "{t["tablename"]}" t')) for t in tables]
    finally:
        await conn.close()
    return "\n".join(dumps)

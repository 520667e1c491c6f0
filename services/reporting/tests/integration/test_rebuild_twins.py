"""A rebuild on several cores fills twins of the read models and swaps them in at the end:
the tables come back as the migrations made them, readers are never deadlocked into failing
it, and a table a twin cannot replace is refilled in place."""

import asyncio
import io
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from rich.console import Console

from reporting.projection.working_set import ROW_TABLES
from reporting.rebuild import rebuild
from reporting.store import READ_MODEL_TABLES, twins
from returners_cli.testing.polling import eventually
from returners_platform.contracts.events import ApplicationWithdrawn

from ..conftest import Platform
from ..history import PROGRAMME, at

pytestmark = pytest.mark.integration

SCHEMA = """
SELECT c.relname AS table_name, c.reloptions, c.relpersistence,
       (SELECT array_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                         || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                         || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
                         ORDER BY a.attnum)
          FROM pg_attribute a LEFT JOIN pg_attrdef d
            ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
       (SELECT array_agg(indexdef ORDER BY indexname) FROM pg_indexes
         WHERE tablename = c.relname) AS indexes,
       (SELECT array_agg(conname || ' ' || pg_get_constraintdef(k.oid) ORDER BY conname)
          FROM pg_constraint k WHERE k.conrelid = c.oid) AS constraints
  FROM pg_class c
 WHERE c.relname = ANY($1::text[]) AND c.relkind = 'r'
 ORDER BY 1
"""


async def schema(conn: asyncpg.Connection) -> list[dict[str, Any]]:
    return [dict(r) for r in await conn.fetch(SCHEMA, list(READ_MODEL_TABLES))]


async def table_ids(conn: asyncpg.Connection) -> dict[str, int]:
    """Each read model's table, by its object id (a replaced table has a new one)."""
    rows = await conn.fetch(
        "SELECT relname, oid::int FROM pg_class WHERE relname = ANY($1::text[]) AND relkind = 'r'",
        list(READ_MODEL_TABLES),
    )
    return {name: oid for name, oid in rows}


async def tables_replayed_on_one_core(platform: Platform) -> dict[str, list[dict[str, Any]]]:
    """The platform's history published and rebuilt on one core (no twins): the tables every
    rebuild on several cores must come back with."""
    await platform.publish_history()
    await rebuild(platform.settings, workers=1)
    return await platform.tables()


async def test_the_rebuilt_tables_have_the_columns_indexes_and_constraints_the_migrations_made(
    platform: Platform,
) -> None:
    await platform.publish_history()
    await rebuild(platform.settings, workers=1)  # migrates; a rebuild alone swaps nothing
    conn = await asyncpg.connect(platform.settings.database_url)
    try:
        migrated = await schema(conn)
        assert len(migrated) == len(READ_MODEL_TABLES)
        first = await table_ids(conn)

        await rebuild(platform.settings, workers=2)
        second = await table_ids(conn)
        await rebuild(platform.settings, workers=3)  # twins of the twins

        assert await schema(conn) == migrated
        # Each time every table the projections write was replaced (not refilled in place):
        # the schema above is the twins', not the migrated tables' left as they were.
        third = await table_ids(conn)
        for table in ROW_TABLES:
            assert len({first[table], second[table], third[table]}) == 3, table
        assert first["consumed_positions"] == third["consumed_positions"]
        left = await conn.fetchval("SELECT count(*) FROM pg_class WHERE relname LIKE '%rebuilt%'")
        assert left == 0
    finally:
        await conn.close()


async def test_a_reader_holding_one_read_model_and_waiting_for_another_does_not_fail_the_rebuild(
    platform: Platform,
) -> None:
    """The swap locks the tables in name order. A reader holding ``offer_outcomes`` that then
    reads ``application_outcomes``, already locked by the swap, would deadlock with it, and
    Postgres would end the swap (it waited first): the swap gives way instead, and tries
    again once the reader is done."""
    expected = await tables_replayed_on_one_core(platform)
    dsn = platform.settings.database_url
    reader, observer = await asyncpg.connect(dsn), await asyncpg.connect(dsn)
    try:
        reading = reader.transaction()
        await reading.start()
        offers = await reader.fetchval("SELECT count(*) FROM offer_outcomes")

        rebuilding = asyncio.ensure_future(rebuild(platform.settings, workers=2))
        await eventually(
            lambda: observer.fetchval(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
                " WHERE l.mode = 'AccessExclusiveLock' AND ("
                "  (c.relname = 'offer_outcomes' AND NOT l.granted)"
                "  OR (c.relname = 'application_outcomes' AND l.granted))"
            ),
            until=lambda n: n == 2,
            interval=0.005,
            timeout=120,
            what="the swap holding application_outcomes and waiting for offer_outcomes",
        )
        # Old figures, then the wait for the table the swap holds: the swap gives way.
        applications = await asyncio.wait_for(
            reader.fetchval("SELECT count(*) FROM application_outcomes"), 30
        )
        await reading.commit()
        report = await asyncio.wait_for(rebuilding, 120)
    finally:
        await reader.close()
        await observer.close()

    assert (offers, applications) == (
        len(expected["offer_outcomes"]),
        len(expected["application_outcomes"]),
    )
    assert report.records > 0
    assert await platform.tables() == expected


async def test_a_read_model_with_a_view_on_it_is_refilled_in_place_and_keeps_its_view(
    platform: Platform,
) -> None:
    expected = await tables_replayed_on_one_core(platform)
    conn = await asyncpg.connect(platform.settings.database_url)
    try:
        await conn.execute(
            "CREATE VIEW hired_applications AS"
            " SELECT application_id FROM application_outcomes WHERE hired"
        )
        hired = await conn.fetchval("SELECT count(*) FROM hired_applications")
        console = Console(file=io.StringIO())

        await rebuild(platform.settings, workers=2, console=console)

        assert await conn.fetchval("SELECT count(*) FROM hired_applications") == hired > 0
    finally:
        await conn.close()
    assert await platform.tables() == expected
    said = console.file.getvalue()  # type: ignore[attr-defined]
    assert "application_outcomes has views" in said


async def test_the_live_worker_goes_on_projecting_into_the_tables_a_rebuild_swapped_in(
    platform: Platform, worker: Path
) -> None:
    await platform.publish_history()
    await platform.wait_caught_up()
    await rebuild(platform.settings, workers=2)
    rebuilt = await platform.tables(with_positions=False)
    withdrawn = next(
        row for row in rebuilt["application_outcomes"] if not row["withdrawn"] and row["counted"]
    )

    await platform.publish(
        [
            ApplicationWithdrawn(
                application_id=withdrawn["application_id"],
                programme_id=PROGRAMME,
                withdrawn_at=at(6, 1, 9),
            )
        ]
    )

    async def withdrawal_counted() -> bool:
        rows = (await platform.tables(with_positions=False))["application_outcomes"]
        return any(
            r["withdrawn"] for r in rows if r["application_id"] == withdrawn["application_id"]
        )

    await eventually(withdrawal_counted, timeout=60, what="the worker to project the withdrawal")


async def test_a_rebuild_whose_tables_readers_keep_busy_puts_its_rows_into_them_in_place(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(twins, "SWAP_PATIENCE_SECONDS", 1.0)
    expected = await tables_replayed_on_one_core(platform)
    reader = await asyncpg.connect(platform.settings.database_url)
    try:
        async with reader.transaction():  # holds offer_outcomes for the whole rebuild
            await reader.fetchval("SELECT count(*) FROM offer_outcomes")
            console = Console(file=io.StringIO())

            await asyncio.wait_for(rebuild(platform.settings, workers=2, console=console), 120)
    finally:
        await reader.close()

    assert await platform.tables() == expected
    said = console.file.getvalue()  # type: ignore[attr-defined]
    assert "readers kept the tables busy" in said
    assert "refilled in place" in said


async def test_a_rebuild_whose_tables_all_have_grants_refills_them_all_and_keeps_the_grants(
    platform: Platform,
) -> None:
    expected = await tables_replayed_on_one_core(platform)
    conn = await asyncpg.connect(platform.settings.database_url)
    try:
        for table in ROW_TABLES:
            await conn.execute(f"GRANT SELECT ON {table} TO PUBLIC")
        console = Console(file=io.StringIO())

        await rebuild(platform.settings, workers=2, console=console)

        granted = await conn.fetchval(
            "SELECT count(*) FROM information_schema.role_table_grants"
            " WHERE grantee = 'PUBLIC' AND privilege_type = 'SELECT'"
            " AND table_name = ANY($1::text[])",
            list(ROW_TABLES),
        )
    finally:
        await conn.close()
    assert await platform.tables() == expected
    assert granted == len(ROW_TABLES)
    said = console.file.getvalue()  # type: ignore[attr-defined]
    assert said.count("has grants") == len(ROW_TABLES)

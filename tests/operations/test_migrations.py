"""Every service's migrations run up to head, all the way down, and up again on real Postgres:
each revision's SQL (``sql_revision``: the .upgrade.sql and .downgrade.sql beside it) undoes
exactly what it did, the messaging tables included."""

import asyncio
from pathlib import Path

import asyncpg
import pytest
from alembic import command

from applications.bootstrap import MIGRATIONS as APPLICATIONS
from matching.bootstrap import MIGRATIONS as MATCHING
from notifications.bootstrap import MIGRATIONS as NOTIFICATIONS
from reporting.bootstrap import MIGRATIONS as REPORTING
from returners_platform.service.migrations import alembic_config, upgrade_to_head
from selection.bootstrap import MIGRATIONS as SELECTION
from training.bootstrap import MIGRATIONS as TRAINING

pytestmark = pytest.mark.integration

SERVICES = {
    "applications": APPLICATIONS,
    "matching": MATCHING,
    "notifications": NOTIFICATIONS,
    "reporting": REPORTING,
    "selection": SELECTION,
    "training": TRAINING,
}


async def _schema(dsn: str) -> list[tuple[str, str]]:
    """Every table, index and column of the public schema but Alembic's own."""
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(
            "SELECT 'column', table_name || '.' || column_name || ' ' || data_type"
            " FROM information_schema.columns WHERE table_schema = 'public'"
            " AND table_name <> 'alembic_version'"
            " UNION ALL SELECT 'index', indexdef FROM pg_indexes WHERE schemaname = 'public'"
            " AND tablename <> 'alembic_version' ORDER BY 1, 2"
        )
    finally:
        await conn.close()
    return [(row[0], row[1]) for row in rows]


@pytest.mark.parametrize("service", sorted(SERVICES))
async def test_migrations_go_up_down_and_up_again(service: str, database: str) -> None:
    migrations: Path = SERVICES[service]
    await upgrade_to_head(migrations, database)
    migrated = await _schema(database)
    assert ("column", "outbox.id uuid") in migrated or service == "reporting"

    await asyncio.to_thread(command.downgrade, alembic_config(migrations, database), "base")
    assert await _schema(database) == []

    await upgrade_to_head(migrations, database)
    assert await _schema(database) == migrated

"""Schema migrations with Alembic: each service keeps its own versions; this runs them.

A service's ``migrations/env.py`` is one line (``run_alembic_env()``), and each of its
revisions is plain SQL up and down, in two files beside it (``0003_portal.py`` has
``0003_portal.upgrade.sql`` and ``0003_portal.downgrade.sql``): the revision itself says
``upgrade, downgrade = sql_revision(__file__)``. Alembic talks to Postgres through psycopg
(it runs plain SQL scripts, which asyncpg's prepared statements cannot); concurrent
replicas starting at once are serialised by a Postgres advisory lock.

A service migrates in a child process (``python -m returners_platform.service.migrations
<script location>``, the DSN in its environment): Alembic, SQLAlchemy and psycopg, about
26 MiB once imported, are needed for the migration only, and a process keeps what it
imported for its whole life. This module imports them only where it runs them.
"""

import asyncio
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from returners_platform.messaging.schema import MESSAGING_TABLES_DDL, MESSAGING_TABLES_DROP

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATION_LOCK_KEY = 0x4D49_4752  # "MIGR"


def sqlalchemy_url(dsn: str) -> str:
    for scheme in ("postgresql://", "postgres://"):
        if dsn.startswith(scheme):
            return "postgresql+psycopg://" + dsn.removeprefix(scheme)
    return dsn


def alembic_config(script_location: Path, dsn: str) -> "Config":
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("sqlalchemy.url", sqlalchemy_url(dsn).replace("%", "%%"))
    return config


DSN_VARIABLE = "RETURNERS_MIGRATIONS_DATABASE_URL"  # not in argv, which ps shows


async def upgrade_to_head(script_location: Path, dsn: str) -> None:
    """Bring the database to the newest revision, in a child process (see above)."""
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        __name__,
        str(script_location),
        env={**os.environ, DSN_VARIABLE: dsn},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await child.communicate()
    if child.returncode != 0:
        raise RuntimeError(
            f"migrating {script_location} failed ({child.returncode}):\n"
            + output.decode(errors="replace")
        )


def upgrade_here(script_location: Path, dsn: str) -> None:
    """Bring the database to the newest revision in this process."""
    from alembic import command

    command.upgrade(alembic_config(script_location, dsn), "head")


def run_alembic_env() -> None:
    """Body of every service's ``env.py``: online migrations in one transaction, under a lock."""
    from alembic import context
    from sqlalchemy import create_engine, text

    url = context.config.get_main_option("sqlalchemy.url")
    assert url, "sqlalchemy.url is not set"
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text(f"SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})"))
            try:
                context.configure(connection=connection, transactional_ddl=True)
                with context.begin_transaction():
                    context.run_migrations()
                connection.commit()
            finally:
                connection.execute(text(f"SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})"))
    finally:
        engine.dispose()


def sql_revision(
    revision_file: str, *, messaging_tables: bool = False
) -> tuple[Callable[[], None], Callable[[], None]]:
    """A revision's ``upgrade`` and ``downgrade``, each running one SQL script: the files
    beside the revision (``revision_file``, its ``__file__``) named for it, ending in
    ``.upgrade.sql`` and ``.downgrade.sql``.

    With ``messaging_tables`` (a service's first revision) the upgrade creates the tables
    every service keeps for reliable messaging first, and the downgrade drops them last.
    """
    revision = Path(revision_file)
    upgrade = revision.with_suffix(".upgrade.sql").read_text(encoding="utf-8")
    downgrade = revision.with_suffix(".downgrade.sql").read_text(encoding="utf-8")

    from alembic import op

    def run_upgrade() -> None:
        if messaging_tables:
            op.execute(MESSAGING_TABLES_DDL)
        op.execute(upgrade)

    def run_downgrade() -> None:
        op.execute(downgrade)
        if messaging_tables:
            op.execute(MESSAGING_TABLES_DROP)

    return run_upgrade, run_downgrade


if __name__ == "__main__":
    upgrade_here(Path(sys.argv[1]), os.environ[DSN_VARIABLE])

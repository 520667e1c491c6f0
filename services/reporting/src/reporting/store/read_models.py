"""The read models as a whole: one writer at a time, and emptied for a rebuild."""

from collections.abc import Iterable

from reporting.store import READ_MODEL_TABLES, Connection
from returners_platform.store import run

# One writer at a time: every batch holds this advisory lock until it commits, and a
# rebuild holds it for its whole replay. A second worker replica (or a rebuild) waits
# instead of interleaving its load-merge-write of the same facts.
PROJECTION_LOCK = 0x5245_504F  # "REPO"


async def lock_for_projecting(conn: Connection) -> None:
    """Take the projection lock for the caller's transaction."""
    await run(conn, "SELECT pg_advisory_xact_lock($1)", PROJECTION_LOCK)


async def empty(conn: Connection, tables: Iterable[str] = READ_MODEL_TABLES) -> None:
    """Delete every read model and position (a rebuild replays from offset zero), or the
    rows of ``tables`` alone."""
    for table in tables:
        await run(conn, f"DELETE FROM {table}")

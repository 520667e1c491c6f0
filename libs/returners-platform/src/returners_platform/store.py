"""What every service's ``store/`` shares: recording when something happened to a row.

Most of a service's facts are times (withdrawn, erased, released, decided...): a column
that is null until the thing happens. ``stamp_once`` sets it the first time only, and says
whether this was the first time (what makes a handler or a use case idempotent);
``stamp`` sets it whatever it was. The row is named by one key column, given as a keyword:
``stamp_once(db, "candidates", "released_at", at, application_id=application_id)``. Table
and column names are the store's own constants, never input.
"""

import json
from datetime import datetime
from typing import Any

from returners_platform.messaging.unit_of_work import Db, connection_of


async def stamp_once(db: Db, table: str, column: str, at: datetime, **key: object) -> bool:
    """Set ``column`` to ``at`` where the key matches and ``column`` is still null; True if
    that set it (on any row: the first time), False if it was set already (or no row)."""
    (key_column, key_value), *more = key.items()
    assert not more, "one key column"
    stamped = await connection_of(db).fetchval(
        f"UPDATE {table} SET {column} = $2 WHERE {key_column} = $1 AND {column} IS NULL"
        " RETURNING true",
        key_value,
        at,
    )
    return bool(stamped)


async def stamp(db: Db, table: str, column: str, at: datetime, **key: object) -> None:
    """Set ``column`` to ``at`` where the key matches, whatever it was."""
    (key_column, key_value), *more = key.items()
    assert not more, "one key column"
    await connection_of(db).execute(
        f"UPDATE {table} SET {column} = $2 WHERE {key_column} = $1", key_value, at
    )


async def json_document(db: Db, sql: str, *args: object) -> dict[str, Any] | None:
    """The one JSON object ``sql`` selects (its one column, as text), or None if no row."""
    document = await connection_of(db).fetchval(sql, *args)
    return dict(json.loads(document)) if document else None

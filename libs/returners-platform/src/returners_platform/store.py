"""What every service's ``store/`` shares: running its SQL, turning rows into values, and
recording when something happened to a row.

A store function is usually one call of a query helper. Each takes the ``db`` (a unit of
work, or a connection of its own), the SQL and its parameters (``$1``, ``$2``...):

- ``one(db, into, sql, *args)``: the first row as ``into(**row)``, or None without a row;
- ``many(db, into, sql, *args)``: every row, each as ``into(**row)``;
- ``values(db, sql, *args)``: the first column of every row;
- ``value(db, sql, *args)``: the first column of the first row, None without a row
  (``bool(await value(db, "... RETURNING true", key))``: whether a row was written);
- ``run(db, sql, *args)``: a statement whose rows nobody reads; its status ("UPDATE 1");
- ``update(db, table, where={key: value}, column=value, ...)``: set columns on the row a key
  names, the one statement most stores write (whether a row matched).

``into`` is given a row's columns as keywords: most often a frozen dataclass whose fields
are the columns; ``converting(Offer, status=OfferStatus)`` when some columns need
converting first (enums, JSON); else a function taking the columns that really converts;
``dict[str, Any]`` where the store function reads the columns itself::

    async def get(db: Db, delivery_id: UUID) -> DeliveryRecord | None:
        return await one(db, _record, f"SELECT {_RECORD} FROM deliveries WHERE ...", delivery_id)

Most of a service's facts are times (withdrawn, erased, released, decided...): a column
that is null until the thing happens. ``stamp_once`` sets it the first time only, and says
whether this was the first time (what makes a handler or a use case idempotent);
``stamp`` sets it whatever it was. The row is named by one key column, given as a keyword:
``stamp_once(db, "candidates", "released_at", at, application_id=application_id)``. Table
and column names are the store's own constants, never input.
"""

import json
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from returners_platform.messaging.unit_of_work import Db, connection_of

T = TypeVar("T")


async def one(db: Db, into: Callable[..., T], sql: str, *args: object) -> T | None:
    """The query's first row as ``into(**row)``; None if it has no row."""
    row = await connection_of(db).fetchrow(sql, *args)
    return None if row is None else into(**row)


async def many(db: Db, into: Callable[..., T], sql: str, *args: object) -> list[T]:
    """Every row of the query, in its order, each as ``into(**row)``."""
    return [into(**row) for row in await connection_of(db).fetch(sql, *args)]


async def values(db: Db, sql: str, *args: object) -> list[Any]:
    """The first column of every row of the query, in its order."""
    return [row[0] for row in await connection_of(db).fetch(sql, *args)]


async def value(db: Db, sql: str, *args: object) -> Any:
    """The first column of the query's first row; None if it has no row."""
    return await connection_of(db).fetchval(sql, *args)


async def run(db: Db, sql: str, *args: object) -> str:
    """Run a statement whose rows are not read; its status (``"UPDATE 1"``)."""
    return await connection_of(db).execute(sql, *args)


async def update(db: Db, table: str, /, *, where: Mapping[str, object], **columns: object) -> bool:
    """``UPDATE table SET column = value, ... WHERE key = value``: each keyword a column and
    its new value, ``where`` the one key column and its value; True if a row matched. The
    values are parameters; table and column names are the store's own constants."""
    (key_column, key_value), *more = where.items()
    assert not more, "one key column"
    assert columns, "a column to set"
    assignments = ", ".join(f"{column} = ${n}" for n, column in enumerate(columns, start=2))
    status = await run(
        db,
        f"UPDATE {table} SET {assignments} WHERE {key_column} = $1",
        key_value,
        *columns.values(),
    )
    return status != "UPDATE 0"


def converting(into: Callable[..., T], **convert: Callable[[Any], object]) -> Callable[..., T]:
    """``into`` for rows some of whose columns need converting first: each column named here
    goes through its function (``status=OfferStatus``, ``answers=json.loads``), unless null."""

    def build(**columns: Any) -> T:
        for column, to in convert.items():
            if columns[column] is not None:
                columns[column] = to(columns[column])
        return into(**columns)

    return build


async def stamp_once(db: Db, table: str, column: str, at: datetime, **key: object) -> bool:
    """Set ``column`` to ``at`` where the key matches and ``column`` is still null; True if
    that set it (on any row: the first time), False if it was set already (or no row)."""
    (key_column, key_value), *more = key.items()
    assert not more, "one key column"
    stamped = await value(
        db,
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
    await run(db, f"UPDATE {table} SET {column} = $2 WHERE {key_column} = $1", key_value, at)


async def json_document(db: Db, sql: str, *args: object) -> dict[str, Any] | None:
    """The one JSON object ``sql`` selects (its one column, as text), or None if no row."""
    document = await value(db, sql, *args)
    return dict(json.loads(document)) if document else None

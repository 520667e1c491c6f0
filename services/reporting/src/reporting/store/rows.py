"""A read-model table as rows: upserted by the live projection, copied in by a rebuild.

Each facts and outcomes table has one row function (a fact or an outcome -> a tuple in
the table's column order), so the live worker and the rebuild cannot write different
columns. The live worker upserts its rows (its facts may already be stored); a rebuild
copies its rows into tables it emptied in its own transaction (``COPY`` in binary: several
times cheaper for the server and for asyncpg than an ``unnest`` upsert of the same rows).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

from reporting.store import Connection
from returners_platform.store import run

Row = tuple[Any, ...]


@dataclass(frozen=True, eq=False)  # one object a table: hashed by identity
class RowTable:
    """A table's name and its columns (name -> Postgres type), the key first."""

    name: str
    columns: dict[str, str]

    @property
    def key(self) -> str:
        return next(iter(self.columns))


async def upsert(conn: Connection, table: RowTable, rows: Sequence[Row]) -> None:
    """Insert the rows, replacing any row of the same key: one statement, an array a column.

    An array column travels as one ``'a,b'`` text a row (``unnest`` flattens nested
    arrays) and a ``jsonb`` one as text.
    """
    if not rows:
        return
    names = list(table.columns)
    arrays, selected, args = [], [], []
    for i, (name, kind) in enumerate(table.columns.items()):
        values = [row[i] for row in rows]
        if kind.endswith("[]"):
            arrays.append(f"${i + 1}::text[]")
            selected.append(f"string_to_array({name}, ',')")
            values = [",".join(v) for v in values]
        elif kind == "jsonb":
            arrays.append(f"${i + 1}::text[]")
            selected.append(f"{name}::jsonb")
        else:
            arrays.append(f"${i + 1}::{kind}[]")
            selected.append(name)
        args.append(values)
    columns = ", ".join(names)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in names[1:])
    await run(
        conn,
        f"INSERT INTO {table.name} ({columns})"
        f" SELECT {', '.join(selected)} FROM unnest({', '.join(arrays)}) AS t({columns})"
        f" ON CONFLICT ({table.key}) DO UPDATE SET {updates}",
        *args,
    )


async def copy(
    conn: Connection, table: RowTable, rows: Iterable[Row], *, into: str | None = None
) -> None:
    """Add the rows to a table that holds none of their keys (a key already there is a
    unique violation: the caller's transaction fails and writes nothing), or to another
    table of the same columns, ``into`` (a rebuild's twin of it, ``store.twins``). Rows
    made as they are read go to the server as they are made, a few hundred kilobytes at a
    time."""
    rows = iter(rows)
    first = next(rows, None)
    if first is not None:
        await conn.copy_records_to_table(
            into or table.name, records=chain((first,), rows), columns=list(table.columns)
        )

"""Twins of read-model tables: what a rebuild on several cores fills instead of the tables.

A twin (``<table>__rebuilt``) is made in the rebuild's transaction with the table's columns,
defaults and checks but no index, so its rows go in without an index to maintain and
without the old rows' index entries to step over (a ``DELETE`` leaves them there until the
transaction ends): ``COPY`` into a twin took half the server's time of ``COPY`` into the
emptied table, the indexes built at the end included. At the end each twin gets the
table's indexes, built in one pass over its rows; only then are the tables locked, dropped
and replaced by their twins, which take their names and their indexes' and constraints'
names. Until that last step, which takes milliseconds, readers read the old tables; they
never see a twin half filled (it is not committed). Should the rebuild fail, its
transaction rolls back and nothing of the twins remains.

The lock is taken with a short ``lock_timeout`` and retried: a reader that holds one of the
tables and waits for another the swap already holds would otherwise deadlock with it, and
Postgres could end the rebuild rather than the reader.

A table with triggers, grants, row security, storage parameters, publications, foreign
keys, exclusion constraints or dependent views is not replaced (a twin would not carry
them, ``replaceable``): the rebuild empties it and fills it in place.
"""

import asyncio
import re
import time
from dataclasses import dataclass

import asyncpg

from reporting.store import Connection
from returners_platform.store import many, run, value

SUFFIX = "__rebuilt"
LOCK_TIMEOUT = "200ms"
SWAP_PATIENCE_SECONDS = 60.0

# ``pg_indexes.indexdef``: CREATE [UNIQUE] INDEX name ON [ONLY] schema.table USING ...
_INDEX_DEFINITION = re.compile(r"^(CREATE (?:UNIQUE )?INDEX) (\S+) ON (?:ONLY )?(\S+) (USING .+)$")


class CannotReplace(Exception):
    """The swap could not read an index of a table, or found no moment to lock the tables."""


@dataclass(frozen=True)
class _Index:
    name: str
    definition: str
    constraint: str | None  # the primary key or unique constraint it backs
    kind: str | None  # 'p' or 'u'


def twin(table: str) -> str:
    return f"{table}{SUFFIX}"


async def replaceable(conn: Connection, tables: list[str]) -> dict[str, str | None]:
    """Each table, and why a twin cannot replace it (``None``: it can): a twin would not
    carry the table's triggers, grants, row security, storage parameters, publications,
    foreign keys (either way) or exclusion constraints, nor the views that depend on it."""
    return {
        table: await value(
            conn,
            "SELECT CASE WHEN c.relhastriggers THEN 'triggers'"
            " WHEN c.relacl IS NOT NULL THEN 'grants'"
            " WHEN c.relrowsecurity THEN 'row security'"
            " WHEN c.reloptions IS NOT NULL THEN 'storage parameters'"
            " WHEN EXISTS (SELECT 1 FROM pg_publication_rel p WHERE p.prrelid = c.oid)"
            "  OR EXISTS (SELECT 1 FROM pg_publication WHERE puballtables) THEN 'publications'"
            " WHEN EXISTS (SELECT 1 FROM pg_constraint k WHERE k.contype IN ('f', 'x')"
            "  AND c.oid IN (k.conrelid, k.confrelid)) THEN 'foreign keys or exclusions'"
            " WHEN EXISTS (SELECT 1 FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid"
            "  WHERE d.refobjid = c.oid AND d.classid = 'pg_rewrite'::regclass"
            "  AND r.ev_class <> c.oid) THEN 'views'"
            " END FROM pg_class c WHERE c.oid = $1::regclass",
            table,
        )
        for table in tables
    }


async def create(conn: Connection, tables: list[str]) -> None:
    """An empty index-less twin of each table, in the caller's transaction."""
    for table in tables:
        await run(
            conn, f"CREATE TABLE {twin(table)} (LIKE {table} INCLUDING ALL EXCLUDING INDEXES)"
        )


async def swap(conn: Connection, tables: list[str]) -> None:
    """Index each twin as its table is, then replace the tables by their twins.

    A unique index that cannot be built (two rows of one key) raises
    ``asyncpg.UniqueViolationError``; the caller's transaction then writes nothing."""
    indexes = {table: await _indexes(conn, table) for table in tables}
    temporary: dict[str, str] = {}
    for table in tables:
        for index in indexes[table]:
            temporary[index.name] = f"{index.name[:40]}__{len(temporary)}{SUFFIX}"
            await run(conn, _on_twin(index, temporary[index.name], twin(table)))
    await _lock(conn, tables)
    for table in tables:
        await run(conn, f"DROP TABLE {table}")
        await run(conn, f"ALTER TABLE {twin(table)} RENAME TO {table}")
        for index in indexes[table]:
            if index.constraint is None:
                await run(conn, f"ALTER INDEX {temporary[index.name]} RENAME TO {index.name}")
            else:  # the index takes the constraint's name
                kind = "PRIMARY KEY" if index.kind == "p" else "UNIQUE"
                await run(
                    conn,
                    f"ALTER TABLE {table} ADD CONSTRAINT {index.constraint}"
                    f" {kind} USING INDEX {temporary[index.name]}",
                )


async def _indexes(conn: Connection, table: str) -> list[_Index]:
    found = await many(
        conn,
        _Index,
        "SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition,"
        " k.conname AS constraint, k.contype::text AS kind"
        " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
        " LEFT JOIN pg_constraint k ON k.conindid = i.oid AND k.conrelid = x.indrelid"
        " WHERE x.indrelid = $1::regclass ORDER BY i.relname",
        table,
    )
    for index in found:
        if index.kind not in (None, "p", "u"):
            raise CannotReplace(f"{table}'s index {index.name} backs a {index.kind} constraint")
    return found


def _on_twin(index: _Index, name: str, table: str) -> str:
    """The index's definition, under another name, on the twin."""
    match = _INDEX_DEFINITION.match(index.definition)
    if match is None:
        raise CannotReplace(f"cannot read the definition of index {index.name}")
    create, _, _, rest = match.groups()
    return f"{create} {name} ON {table} {rest}"


async def _lock(conn: Connection, tables: list[str]) -> None:
    """Every table locked for the swap, in one statement; given up after a short wait (and
    tried again) so as never to deadlock with a reader."""
    deadline = time.monotonic() + SWAP_PATIENCE_SECONDS
    while True:
        try:
            async with conn.transaction():  # a savepoint: a timeout undoes only this
                await run(conn, f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
                await run(conn, f"LOCK TABLE {', '.join(sorted(tables))} IN ACCESS EXCLUSIVE MODE")
                await run(conn, "SET LOCAL lock_timeout = DEFAULT")
            return
        except asyncpg.LockNotAvailableError as exc:
            if time.monotonic() > deadline:
                raise CannotReplace(
                    f"the read models were never free to swap in {SWAP_PATIENCE_SECONDS:.0f}s"
                ) from exc
            await asyncio.sleep(0.05)

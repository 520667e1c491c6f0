"""Twins of read-model tables: what a rebuild on several cores fills instead of the tables.

A twin (``<table>__rebuilt``) is made in the rebuild's transaction with the table's columns,
defaults and checks but no index, so its rows go in without an index to maintain and
without the old rows' index entries to step over (a ``DELETE`` leaves them there until the
transaction ends): ``COPY`` into a twin took half the server's time of ``COPY`` into the
emptied table, the indexes built at the end included. Once filled, each twin gets the
table's indexes, built in one pass over its rows, and its statistics (``index``); then, as
the rebuild's last statements before its commit, the tables are locked, dropped and
replaced by their twins, which take their names and their indexes' and constraints' names
(``swap``). Until then readers read the old tables; they never see a twin half filled (it
is not committed). A reader's statement that arrives during the swap waits for the commit
and then reads the new rows; a transaction whose snapshot is older than the commit (one in
``REPEATABLE READ``) would find the swapped tables empty, as after a ``TRUNCATE``. Should
the rebuild fail, its transaction rolls back and nothing of the twins remains.

The lock is taken with a short ``lock_timeout`` and retried: a reader that holds one of the
tables and waits for another the swap already holds would otherwise deadlock with it, and
Postgres could end the rebuild rather than the reader. Should readers keep a table busy for
``SWAP_PATIENCE_SECONDS``, the twins' rows are put into the tables instead (``DELETE`` and
``INSERT ... SELECT``, which readers do not wait for), as they are when a twin could not
carry everything of a table (``replaceable``: triggers, grants, owner, a view on it, ...),
checked again once the tables are locked.
"""

import asyncio
import random
import re
import time
from dataclasses import dataclass, field

import asyncpg

from reporting.store import Connection
from returners_platform.store import many, run, value

SUFFIX = "__rebuilt"
LOCK_TIMEOUT = "200ms"
SWAP_PATIENCE_SECONDS = 10.0
QUICK_STATISTICS_TARGET = 10

# ``pg_get_indexdef``: CREATE [UNIQUE] INDEX name ON [ONLY] schema.table USING ...
_INDEX_DEFINITION = re.compile(r"^(CREATE (?:UNIQUE )?INDEX) (\S+) ON (?:ONLY )?(\S+) (USING .+)$")

# Why a twin (``LIKE ... INCLUDING ALL``, then dropping the table) would not carry all of a
# table, or NULL: each reason in turn.
_CANNOT_CARRY = """
SELECT CASE
  WHEN c.relpersistence <> 'p' THEN 'an unlogged or temporary table'
  WHEN c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)
    THEN 'another owner'
  WHEN c.relacl IS NOT NULL
    OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attacl IS NOT NULL)
    THEN 'grants'
  WHEN c.relhastriggers THEN 'triggers'
  WHEN c.relrowsecurity THEN 'row security'
  WHEN c.reloptions IS NOT NULL THEN 'storage parameters'
  WHEN c.reltablespace <> 0 OR c.relam <> (SELECT oid FROM pg_am WHERE amname = 'heap')
    THEN 'a tablespace or access method of its own'
  WHEN c.relreplident <> 'd' THEN 'a replica identity'
  WHEN EXISTS (SELECT 1 FROM pg_attribute a
               WHERE a.attrelid = c.oid AND a.attnum > 0 AND a.attidentity <> '')
    OR EXISTS (SELECT 1 FROM pg_depend d JOIN pg_class s ON s.oid = d.objid
               WHERE d.refobjid = c.oid AND d.classid = 'pg_class'::regclass
               AND s.relkind = 'S')
    THEN 'identity or serial columns'
  WHEN EXISTS (SELECT 1 FROM pg_publication_rel p WHERE p.prrelid = c.oid)
    OR EXISTS (SELECT 1 FROM pg_publication_namespace p WHERE p.pnnspid = c.relnamespace)
    OR EXISTS (SELECT 1 FROM pg_publication WHERE puballtables)
    THEN 'publications'
  WHEN EXISTS (SELECT 1 FROM pg_constraint k
               WHERE (k.contype IN ('f', 'x') AND c.oid IN (k.conrelid, k.confrelid))
               OR (k.conrelid = c.oid AND k.condeferrable))
    THEN 'foreign keys, exclusions or deferrable constraints'
  WHEN EXISTS (SELECT 1 FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
               WHERE d.refobjid = c.oid AND d.classid = 'pg_rewrite'::regclass
               AND r.ev_class <> c.oid)
    THEN 'views'
END
FROM pg_class c WHERE c.oid = $1::regclass
"""


class CannotReplace(Exception):
    """The definition of one of a table's indexes could not be read."""


@dataclass(frozen=True)
class _Index:
    name: str  # quoted as an identifier, as is the constraint's
    definition: str
    constraint: str | None  # the primary key or unique constraint it backs
    kind: str | None  # 'p' or 'u'


@dataclass
class Indexed:
    """Twins filled and indexed: each table's indexes, and the twin's index of each (by a
    temporary name until the swap)."""

    tables: list[str]
    indexes: dict[str, list[_Index]] = field(default_factory=dict)
    temporary: dict[str, str] = field(default_factory=dict)


def twin(table: str) -> str:
    return f"{table}{SUFFIX}"


async def replaceable(conn: Connection, tables: list[str]) -> dict[str, str | None]:
    """Each table, and why a twin cannot replace it (``None``: it can)."""
    return {table: await value(conn, _CANNOT_CARRY, table) for table in tables}


async def create(conn: Connection, tables: list[str]) -> None:
    """An empty index-less twin of each table, in the caller's transaction."""
    for table in tables:
        await run(
            conn, f"CREATE TABLE {twin(table)} (LIKE {table} INCLUDING ALL EXCLUDING INDEXES)"
        )


async def index(conn: Connection, tables: list[str]) -> Indexed:
    """Each filled twin indexed as its table is, and analysed. A unique index that cannot be
    built (two rows of one key) raises ``asyncpg.UniqueViolationError``."""
    indexed = Indexed(tables)
    for table in tables:
        indexed.indexes[table] = await _indexes(conn, table)
        for i, table_index in enumerate(indexed.indexes[table]):
            name = indexed.temporary[table_index.name] = f"{twin(table)}_{i}"
            await run(conn, _on_twin(table_index, name, twin(table)))
    # Coarse statistics at once (a tenth of the sample: 0.05 s, not 0.37, for the benchmark's
    # 57,000 applications), so that the first queries are not planned blind; autovacuum
    # analyses the tables fully within its next round, the rebuild's rows counted.
    await run(conn, f"SET LOCAL default_statistics_target = {QUICK_STATISTICS_TARGET}")
    for table in tables:
        await run(conn, f"ANALYZE {twin(table)}")
    await run(conn, "SET LOCAL default_statistics_target = DEFAULT")
    return indexed


async def swap(conn: Connection, indexed: Indexed) -> str | None:
    """The tables replaced by their twins; or, should readers keep them busy or a twin no
    longer be able to carry a table, the twins' rows put into the tables: then why."""
    tables = indexed.tables
    if not tables:  # every table was refilled in place: nothing to swap
        return None
    if not await _locked(conn, tables):
        reason = f"readers kept the tables busy for {SWAP_PATIENCE_SECONDS:.0f}s"
        await _refill(conn, tables)
        return reason
    reasons = [f"{t} has {r}" for t, r in (await replaceable(conn, tables)).items() if r]
    if reasons:  # changed since the rebuild began
        await _refill(conn, tables)
        return "; ".join(reasons)
    for table in tables:
        await run(conn, f"DROP TABLE {table}")
        await run(conn, f"ALTER TABLE {twin(table)} RENAME TO {table}")
        for table_index in indexed.indexes[table]:
            temporary = indexed.temporary[table_index.name]
            if table_index.constraint is None:
                await run(conn, f"ALTER INDEX {temporary} RENAME TO {table_index.name}")
            else:  # the index takes the constraint's name
                kind = "PRIMARY KEY" if table_index.kind == "p" else "UNIQUE"
                await run(
                    conn,
                    f"ALTER TABLE {table} ADD CONSTRAINT {table_index.constraint}"
                    f" {kind} USING INDEX {temporary}",
                )
    return None


async def _indexes(conn: Connection, table: str) -> list[_Index]:
    found = await many(
        conn,
        _Index,
        "SELECT quote_ident(i.relname) AS name, pg_get_indexdef(i.oid) AS definition,"
        " quote_ident(k.conname) AS constraint, k.contype::text AS kind"
        " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
        " LEFT JOIN pg_constraint k ON k.conindid = i.oid AND k.conrelid = x.indrelid"
        " WHERE x.indrelid = $1::regclass ORDER BY i.relname",
        table,
    )
    for table_index in found:
        if table_index.kind not in (None, "p", "u"):
            raise CannotReplace(f"{table}'s index {table_index.name} backs a {table_index.kind}")
    return found


def _on_twin(table_index: _Index, name: str, table: str) -> str:
    """The index's definition, under another name, on the twin."""
    match = _INDEX_DEFINITION.match(table_index.definition)
    if match is None:
        raise CannotReplace(f"cannot read the definition of index {table_index.name}")
    create, _, _, rest = match.groups()
    return f"{create} {name} ON {table} {rest}"


async def _locked(conn: Connection, tables: list[str]) -> bool:
    """Every table locked for the swap, in one statement, until the transaction ends; each
    try given up after a short wait so as never to deadlock with a reader. False if no try
    succeeded within ``SWAP_PATIENCE_SECONDS`` (nothing is then locked)."""
    deadline = time.monotonic() + SWAP_PATIENCE_SECONDS
    while True:
        try:
            async with conn.transaction():  # a savepoint: a timeout undoes only this
                await run(conn, f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
                await run(conn, f"LOCK TABLE {', '.join(sorted(tables))} IN ACCESS EXCLUSIVE MODE")
                await run(conn, "SET LOCAL lock_timeout = DEFAULT")
            return True
        except asyncpg.LockNotAvailableError:
            if time.monotonic() > deadline:
                return False
            await asyncio.sleep(random.uniform(0.05, 0.15))


async def _refill(conn: Connection, tables: list[str]) -> None:
    """The twins' rows put into the tables in their place, and the twins dropped."""
    for table in tables:
        await run(conn, f"DELETE FROM {table}")
        await run(conn, f"INSERT INTO {table} SELECT * FROM {twin(table)}")
        await run(conn, f"DROP TABLE {twin(table)}")

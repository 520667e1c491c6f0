"""The store's query helpers and stamps (``returners_platform.store``), against real Postgres."""

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import pytest

from returners_platform.messaging.unit_of_work import UnitOfWork
from returners_platform.store import (
    converting,
    many,
    one,
    run,
    stamp,
    stamp_once,
    update,
    value,
    values,
)

pytestmark = pytest.mark.integration

AT = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


@dataclass(frozen=True)
class Thing:
    thing_id: UUID
    colour: Colour
    details: dict[str, Any] | None
    seen_at: datetime | None


@dataclass(frozen=True)
class Plain:
    thing_id: UUID
    n: int


_thing = converting(Thing, colour=Colour, details=json.loads)
_COLUMNS = "thing_id, colour, details, seen_at"


@pytest.fixture
async def conn(database: str) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(database)
    await conn.execute(
        "CREATE TABLE things (thing_id uuid PRIMARY KEY, n int NOT NULL, colour text NOT NULL,"
        " details jsonb, seen_at timestamptz)"
    )
    yield conn
    await conn.close()


async def _insert(conn: asyncpg.Connection, n: int, colour: str, details: str | None) -> UUID:
    thing_id = uuid4()
    status = await run(
        conn,
        "INSERT INTO things (thing_id, n, colour, details) VALUES ($1, $2, $3, $4::jsonb)",
        thing_id,
        n,
        colour,
        details,
    )
    assert status == "INSERT 0 1"
    return thing_id


async def test_one_hands_back_the_row_as_into_or_none(conn: asyncpg.Connection) -> None:
    red = await _insert(conn, 1, "red", '{"size": 3}')
    plain = "SELECT thing_id, n FROM things WHERE thing_id = $1"

    assert await one(conn, Plain, plain, red) == Plain(red, 1)
    assert await one(conn, Plain, plain, uuid4()) is None
    thing = await one(conn, _thing, f"SELECT {_COLUMNS} FROM things WHERE thing_id = $1", red)
    assert thing == Thing(red, Colour.RED, {"size": 3}, None)
    assert thing is not None
    assert isinstance(thing.colour, Colour)


async def test_many_hands_back_every_row_in_order_nulls_left_unconverted(
    conn: asyncpg.Connection,
) -> None:
    first = await _insert(conn, 1, "blue", None)
    second = await _insert(conn, 2, "red", '{"size": 1}')

    things = await many(conn, _thing, f"SELECT {_COLUMNS} FROM things ORDER BY n")
    assert things == [
        Thing(first, Colour.BLUE, None, None),
        Thing(second, Colour.RED, {"size": 1}, None),
    ]
    # into may be any function taking the columns as keywords
    pairs = await many(conn, lambda n, colour: (n, colour), "SELECT n, colour FROM things")
    assert sorted(pairs) == [(1, "blue"), (2, "red")]
    assert await many(conn, Plain, "SELECT thing_id, n FROM things WHERE n > $1", 5) == []


async def test_values_and_value_read_the_first_column(conn: asyncpg.Connection) -> None:
    await _insert(conn, 2, "red", None)
    await _insert(conn, 1, "blue", None)

    assert await values(conn, "SELECT colour, n FROM things ORDER BY n DESC") == ["red", "blue"]
    assert await values(conn, "SELECT n FROM things WHERE n > $1", 5) == []
    assert await value(conn, "SELECT n, colour FROM things ORDER BY n") == 1
    assert await value(conn, "SELECT n FROM things WHERE n > $1", 5) is None
    assert await run(conn, "UPDATE things SET n = n + 10") == "UPDATE 2"


async def test_the_helpers_run_in_a_unit_of_works_transaction(conn: asyncpg.Connection) -> None:
    thing_id = uuid4()
    sql = "SELECT thing_id, n FROM things WHERE thing_id = $1"
    transaction = conn.transaction()
    await transaction.start()
    uow = UnitOfWork(conn, source="/test", correlation_id=None, causation_id=None)
    await run(uow, "INSERT INTO things (thing_id, n, colour) VALUES ($1, 7, 'red')", thing_id)
    assert await one(uow, Plain, sql, thing_id) == Plain(thing_id, 7)
    await transaction.rollback()

    assert await one(conn, Plain, sql, thing_id) is None


async def test_stamp_once_sets_a_time_the_first_time_only_and_stamp_always(
    conn: asyncpg.Connection,
) -> None:
    thing_id = await _insert(conn, 1, "red", None)
    later = AT + timedelta(hours=1)
    seen_at = "SELECT seen_at FROM things WHERE thing_id = $1"

    assert await stamp_once(conn, "things", "seen_at", AT, thing_id=thing_id) is True
    assert await stamp_once(conn, "things", "seen_at", later, thing_id=thing_id) is False
    assert await value(conn, seen_at, thing_id) == AT
    assert await stamp_once(conn, "things", "seen_at", AT, thing_id=uuid4()) is False

    await stamp(conn, "things", "seen_at", later, thing_id=thing_id)
    assert await value(conn, seen_at, thing_id) == later


async def test_update_sets_the_named_columns_of_the_keyed_row_only(
    conn: asyncpg.Connection,
) -> None:
    red = await _insert(conn, 1, "red", None)
    blue = await _insert(conn, 2, "blue", None)

    assert await update(conn, "things", where={"thing_id": red}, n=5, details='{"size": 2}')
    assert await update(conn, "things", where={"thing_id": uuid4()}, n=9) is False

    rows = await many(conn, Plain, "SELECT thing_id, n FROM things ORDER BY n")
    assert rows == [Plain(blue, 2), Plain(red, 5)]
    assert await value(conn, "SELECT details->>'size' FROM things WHERE thing_id = $1", red) == "2"
    assert await value(conn, "SELECT details FROM things WHERE thing_id = $1", blue) is None

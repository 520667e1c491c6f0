"""Rows brought along as arrays of records, so that one statement reads an application and
what belongs to it (offers, timeline, placement, references) in one round trip.

``ARRAY(SELECT ROW(<columns>) FROM ...)`` is an array of anonymous records: asyncpg decodes
each record into a tuple of the columns' own Python values (a ``timestamptz`` a UTC
datetime, ``jsonb`` text), exactly as it decodes them as columns of a row. So a store reads
them back into its dataclasses the way it reads its rows, naming the columns by position.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def array_of(columns: str, table: str, application_id: str, order_by: str) -> str:
    """SQL: the rows of ``table`` belonging to the application ``application_id`` names (an
    expression of the enclosing statement), ordered by ``order_by``, as an array of records
    of ``columns``."""
    return (
        f"ARRAY(SELECT ROW({columns}) FROM {table} WHERE {table}.application_id ="
        f" {application_id} ORDER BY {order_by})"
    )


def names(columns: str) -> tuple[str, ...]:
    """The column names of a store's ``"a, b, c"`` column list, in order."""
    return tuple(column.strip() for column in columns.split(","))


def read(into: Callable[..., T], columns: Sequence[str], record: Sequence[Any]) -> T:
    """One record of ``columns`` as ``into(**row)``, as ``store.one`` reads a row."""
    return into(**dict(zip(columns, record, strict=True)))


def read_all(
    into: Callable[..., T], columns: Sequence[str], records: Iterable[Sequence[Any]]
) -> list[T]:
    """Every record of an array, in its order, as ``store.many`` reads rows."""
    return [read(into, columns, record) for record in records]

"""A database transaction that can also publish events (through the outbox, atomically).

A unit of work also knows when it happens: ``uow.now()`` reads the service's clock, so that
use cases and handlers (and the events they publish) take their time from one place.
"""

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any, TypeVar

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from returners_platform.clock import Clock, system_clock
from returners_platform.contracts.catalogue import spec_for
from returners_platform.contracts.envelope import CloudEvent, EventData, new_event
from returners_platform.messaging.codec import encode_value
from returners_platform.service import correlation

# A connection straight from asyncpg.connect() or one borrowed from a pool.
Connection = asyncpg.Connection | PoolConnectionProxy
T = TypeVar("T")


class UnitOfWork:
    """Holds one open transaction; ``publish`` writes the event to the outbox in it.

    The connection is private: use cases and handlers hand the unit of work to store
    functions, which alone run SQL on it (``connection_of``)."""

    def __init__(
        self,
        conn: Connection,
        *,
        source: str,
        correlation_id: str | None,
        causation_id: str | None,
        clock: Clock = system_clock,
    ) -> None:
        self._conn = conn
        self._source = source
        self._correlation_id = correlation_id
        self._causation_id = causation_id
        self._clock = clock
        self.published: list[CloudEvent[Any]] = []

    def now(self) -> datetime:
        return self._clock()

    async def publish(self, data: EventData) -> CloudEvent[Any]:
        event = new_event(
            data,
            source=self._source,
            correlation_id=self._correlation_id,
            causation_id=self._causation_id,
            time=self.now(),
        )
        await self._conn.execute(
            "INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload)"
            " VALUES ($1, $2, $3, $4, $5::jsonb)",
            event.id,
            spec_for(type(data)).topic.name,
            event.subject,
            event.type,
            encode_value(event).decode(),
        )
        self.published.append(event)
        return event


@asynccontextmanager
async def unit_of_work(
    pool: asyncpg.Pool, *, source: str, clock: Clock = system_clock
) -> AsyncIterator[UnitOfWork]:
    """A transaction of its own: events are caused by the current request (or loop pass)."""
    async with pool.acquire() as conn, conn.transaction():
        yield UnitOfWork(
            conn,
            source=source,
            correlation_id=correlation.correlation_id(),
            causation_id=correlation.causation_id(),
            clock=clock,
        )


async def one_transaction_each(
    pool: asyncpg.Pool,
    items: Iterable[T],
    act: Callable[[UnitOfWork, T], Awaitable[int | bool | None]],
    *,
    source: str,
    clock: Clock = system_clock,
    skipping: tuple[type[Exception], ...] = (),
) -> int:
    """``act`` on each item in a transaction of its own (a scheduled job's pass: one item's
    failure or lock does not hold the others back); how many it acted on (the sum of what
    ``act`` returns). An item refused with one of ``skipping`` is rolled back and passed over:
    another replica took it meanwhile."""
    done = 0
    for item in items:
        try:
            async with unit_of_work(pool, source=source, clock=clock) as uow:
                done += int(await act(uow, item) or 0)
        except skipping:
            continue
    return done


# What a store function reads and writes through: a unit of work (its transaction), or a
# connection of its own (a read outside any transaction).
Db = UnitOfWork | Connection


def connection_of(db: Db) -> Connection:
    """The connection behind ``db``. For store modules only: they are the one place SQL runs
    and rows are read (``tests/architecture`` holds every service to that)."""
    return db._conn if isinstance(db, UnitOfWork) else db

"""A database transaction that can also publish events (through the outbox, atomically).

A unit of work also knows when it happens: ``uow.now()`` reads the service's clock, so that
use cases and handlers (and the events they publish) take their time from one place.
"""

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
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

# The outbox's columns a publishing statement writes, in the order of ``OutboxRow.values``.
OUTBOX_COLUMNS = "id, aggregatetype, aggregateid, type, payload"


@dataclass(frozen=True)
class OutboxRow:
    """An event enveloped as its outbox row, for a store statement that writes it with the
    rows it is about, in one round trip: ``INSERT INTO outbox ({OUTBOX_COLUMNS}) SELECT $n,
    $n+1, $n+2, $n+3, $n+4::jsonb ...`` with ``*row.values()``."""

    event: CloudEvent[Any]
    topic: str
    payload: str

    def values(self) -> tuple[str, str, str, str, str]:
        event = self.event
        return (event.id, self.topic, event.subject, event.type, self.payload)


class UnitOfWork:
    """Holds one open transaction; ``publish`` writes the event to the outbox in it.

    The connection is private: use cases and handlers hand the unit of work to store
    functions, which alone run SQL on it (``connection_of``). The transaction-scoped
    advisory locks its store functions took are noted on it (``lock_taken``), so that a
    lock asked for again (a use case taking it, then a step it calls) costs no round trip."""

    def __init__(
        self,
        conn: Connection,
        *,
        source: str,
        correlation_id: str | None,
        causation_id: str | None,
        clock: Clock = system_clock,
        in_transaction: bool = True,
    ) -> None:
        self._conn = conn
        self.in_transaction = in_transaction
        self._source = source
        self._correlation_id = correlation_id
        self._causation_id = causation_id
        self._clock = clock
        self.published: list[CloudEvent[Any]] = []
        self._locks_held: set[str] = set()

    def now(self) -> datetime:
        return self._clock()

    def holds_lock(self, lock: str) -> bool:
        """Whether this unit of work's transaction holds the advisory lock named ``lock``
        (noted by ``lock_taken``). A transaction-scoped lock is held until the transaction
        ends and taking it again is a no-op, so a store function need not ask Postgres."""
        return lock in self._locks_held

    def lock_taken(self, lock: str) -> None:
        """Note that a statement of this unit of work took the transaction-scoped advisory
        lock named ``lock`` (``pg_advisory_xact_lock``). Outside a transaction
        (``single_statement``) the lock ended with its statement: nothing is noted."""
        if self.in_transaction:
            self._locks_held.add(lock)

    async def publish(self, data: EventData) -> CloudEvent[Any]:
        if not self.in_transaction:  # an outbox row alone would commit without its facts
            raise RuntimeError("publish in a single statement: write uow.outbox_row(...) in it")
        row = self.outbox_row(data)
        await self._conn.execute(
            f"INSERT INTO outbox ({OUTBOX_COLUMNS}) VALUES ($1, $2, $3, $4, $5::jsonb)",
            *row.values(),
        )
        return row.event

    def outbox_row(self, data: EventData) -> OutboxRow:
        """``data`` in its envelope as the outbox row a store statement of this transaction
        writes (``OutboxRow``): published as ``publish`` publishes, with one round trip fewer.
        The statement must write it whenever it writes what the event is about, or the
        transaction must not commit; a statement that writes neither (an insert finding its
        row there already) leaves the event unpublished (though listed in ``published``)."""
        event = new_event(
            data,
            source=self._source,
            correlation_id=self._correlation_id,
            causation_id=self._causation_id,
            time=self.now(),
        )
        self.published.append(event)
        return OutboxRow(event, spec_for(type(data)).topic.name, encode_value(event).decode())


@asynccontextmanager
async def unit_of_work(
    pool: asyncpg.Pool, *, source: str, clock: Clock = system_clock
) -> AsyncIterator[UnitOfWork]:
    """A transaction of its own: events are caused by the current request (or loop pass)."""
    async with pool.acquire() as conn, conn.transaction():
        yield _caused_by_now(conn, source, clock, in_transaction=True)


@asynccontextmanager
async def single_statement(
    pool: asyncpg.Pool, *, source: str, clock: Clock = system_clock
) -> AsyncIterator[UnitOfWork]:
    """A unit of work for a use case that writes everything it writes in one statement (its
    events as ``outbox_row``s in it): no BEGIN and no COMMIT around it, two round trips fewer,
    for Postgres runs a lone statement as a transaction of its own, committed (durably) before
    the statement's answer comes back. What the use case reads before its statement is read
    outside any transaction: the statement itself must check that it still holds (a row's
    version, say). ``publish`` is refused: a statement of its own would commit apart."""
    async with pool.acquire() as conn:
        yield _caused_by_now(conn, source, clock, in_transaction=False)


def _caused_by_now(
    conn: Connection, source: str, clock: Clock, *, in_transaction: bool
) -> UnitOfWork:
    """A unit of work on ``conn`` whose events are caused by the current request (or loop
    pass): its correlation and causation ids are the ones bound now."""
    return UnitOfWork(
        conn,
        source=source,
        correlation_id=correlation.correlation_id(),
        causation_id=correlation.causation_id(),
        clock=clock,
        in_transaction=in_transaction,
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

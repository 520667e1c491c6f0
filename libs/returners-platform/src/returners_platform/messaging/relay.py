"""The outbox relay: publishes committed outbox rows to Kafka, then marks them sent.

Woken by LISTEN/NOTIFY (the outbox trigger fires at commit), polling as the
safety net. One relay per database publishes at a time (a Postgres advisory
lock), so rows leave in commit order. A row that fails to publish keeps its
place and is retried; a crash after publishing but before marking sent means
the row is published again — consumers are idempotent, so that is harmless.
A backlog goes a batch at a time, pipelined: while one batch's acknowledgements are
awaited the batch before it is marked sent and the one after the next is fetched; the next
is sent only once all of this one is acknowledged (``publish_pending``).
The lock and LISTEN live on a connection of the relay's own; should Postgres close it (a
restart, a failover) the relay stops leading and competes for the lock again, even if the
pool it publishes through has reconnected meanwhile. The leader fetches on a second connection
of its own, whose fetch is planned once and generically (``_connect_reader``): each fetch reads
the unpublished rows after the last one fetched, in ``seq`` order, and stops after a batch.

Rows go to Kafka as record batches the relay builds itself, one a partition (``send``), each
row to the partition the producer's own ``send`` would choose: a key's rows stay on one
partition, in ``seq`` order, while per-record costs of ``send`` are paid once a batch.

The relay makes a fresh producer (``kafka.OwnedProducer``) for each spell as leader and
closes it when the spell ends, which any failure to publish does: an idempotent producer
whose send failed (a broker restart, say) can be left with sequence numbers the broker no
longer accepts, and a fresh one gets a new producer id, in step with the broker.
"""

import asyncio
import contextlib
import time
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import asyncpg
import structlog
from aiokafka.producer.message_accumulator import BatchBuilder

from returners_platform.backoff import Backoff
from returners_platform.clock import system_clock
from returners_platform.messaging.codec import record_headers
from returners_platform.messaging.kafka import OwnedProducer, ProducerFactory
from returners_platform.messaging.partitioner import partition_for
from returners_platform.messaging.schema import OUTBOX_CHANNEL
from returners_platform.service import metrics

log = structlog.get_logger(__name__)

# Any fixed number works; it only has to be the same in every relay of one database.
RELAY_LOCK_KEY = 0x5245_4C41  # "RELA"
# Published rows are kept a while for inspection, then purged.
PUBLISHED_RETENTION = timedelta(days=7)
PURGE_EVERY_SECONDS = 600.0
# The backlog gauges are read every few seconds (Prometheus, reporting's platform health); a
# count after every run, at a steady 200 commits a second, was a query before each wait.
REPORT_EVERY_SECONDS = 1.0
BACKOFF_INITIAL_SECONDS = 0.5
BACKOFF_MAX_SECONDS = 10.0


async def wait_woken(wakeup: asyncio.Event, seconds: float) -> bool:
    """Wait until ``wakeup`` is set or ``seconds`` pass; whether it was set.

    Not ``asyncio.wait_for``: on Python 3.11 it swallows a cancellation that arrives in the
    same moment the event is set, and a relay told to stop just as a commit woke it went on
    relaying, holding its service's shutdown forever.
    """
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await wakeup.wait()
    return wakeup.is_set()


async def _nothing() -> list[asyncpg.Record]:
    return []


class OutboxRelay:
    def __init__(
        self,
        dsn: str,
        pool: asyncpg.Pool,
        make_producer: ProducerFactory,
        *,
        topic_prefix: str = "",
        batch_size: int = 500,
        poll_interval: float = 1.0,
    ) -> None:
        self._dsn = dsn
        self._pool = pool
        self._producer = OwnedProducer(make_producer)  # made afresh for each spell as leader
        self._prefix = topic_prefix
        self._batch_size = batch_size
        self._poll_interval = poll_interval
        self._wakeup = asyncio.Event()
        self._last_purge = 0.0
        self._last_report = 0.0
        self._backoff = Backoff(BACKOFF_INITIAL_SECONDS, BACKOFF_MAX_SECONDS)

    async def run(self) -> None:
        """Publish forever; survives database and broker outages by retrying."""
        while True:
            try:
                await self._run_as_leader()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # any outage: wait, reconnect, carry on
                delay = self._backoff.next()
                log.warning("outbox_relay_error", error=repr(exc), retry_in=delay)
                await asyncio.sleep(delay)

    async def _run_as_leader(self) -> None:
        conn: asyncpg.Connection = await asyncpg.connect(self._dsn)
        reader: asyncpg.Connection | None = None
        try:
            while not await conn.fetchval("SELECT pg_try_advisory_lock($1)", RELAY_LOCK_KEY):  # noqa: ASYNC110
                await asyncio.sleep(self._poll_interval)
            await conn.add_listener(OUTBOX_CHANNEL, self._on_notify)
            # It marks rows sent, and its commits need not wait for the WAL to reach disk: a mark
            # lost to a Postgres crash (and, the WAL being flushed in order, every later one)
            # only means its rows are published again, as after a relay crash before the mark.
            # Waiting for the flush was most of a mark's time.
            await conn.execute("SET synchronous_commit = off")
            conn.add_termination_listener(self._on_notify)  # wake up to notice the loss
            reader = await self._connect_reader()
            await self._producer.get()  # ready before the first row, not on its way out
            log.info("outbox_relay_leading")
            while True:
                if conn.is_closed():  # the lock and LISTEN went with it: lead again, or not
                    raise ConnectionError("the relay's leadership connection was closed")
                self._wakeup.clear()
                # Every full batch and the short one after it (or none): the outbox is drained.
                await self.publish_pending(leader=conn, reader=reader)
                # Healthy again: the next outage's backoff starts small, not where this one's ended.
                self._backoff.reset()
                await self._report_backlog()
                await self._purge_published()
                await wait_woken(self._wakeup, self._poll_interval)
        finally:
            await self.close()
            if reader is not None:
                await reader.close(timeout=2)
            await conn.close(timeout=2)

    async def _connect_reader(self) -> asyncpg.Connection:
        """The connection the leader fetches rows on: its own, so that it may keep a setting.

        Its fetch is planned once, generically: the index on unpublished rows read in ``seq``
        order, stopping after a batch. Planned for the values at hand, with statistics from
        before a backlog (a fresh outbox has none; a busy one has few unpublished rows), Postgres
        chose a bitmap scan of every unpublished row and a sort, each batch: a backlog of 20,000
        took 30 ms a fetch at first, and draining it cost time in its square.
        """
        reader: asyncpg.Connection = await asyncpg.connect(self._dsn)
        try:
            await reader.execute("SET plan_cache_mode = force_generic_plan")
        except BaseException:
            await reader.close(timeout=2)
            raise
        return reader

    async def close(self) -> None:
        """Stop the producer; the next send (or spell as leader) makes a fresh one."""
        await self._producer.discard()

    def _on_notify(self, *_: Any) -> None:
        self._wakeup.set()

    async def publish_pending(
        self, leader: asyncpg.Connection | None = None, reader: asyncpg.Connection | None = None
    ) -> int:
        """Publish unpublished rows in commit order, a batch at a time, until a batch comes back
        short; return how many were sent. With ``leader`` (the leadership connection) rows are
        marked sent on it, and the run stops should it close; without, through the pool. Rows
        are fetched on ``reader``, or else through the pool.

        Pipelined: while one batch is sent and its acknowledgements are awaited, the batch
        before it is marked sent and the batch after the next is fetched (the rows after the
        last one fetched), so a fetch has two batches' sends to finish in. One batch is
        in flight at a time, handed to the producer in ``seq`` order, and the next is sent only
        once every row of this one is acknowledged: rows leave in commit order as before, and
        a failure ends the run before anything after it is sent. A row is marked sent only
        after its acknowledgement (at least once). A row committed during the run behind one
        already fetched (its ``seq`` taken before, its commit after) is left to the next run,
        which its commit's notification starts at once.
        """
        sent = 0
        rows = await self.fetch_pending(on=reader)
        following = self._fetch_after(rows, reader)  # the batch after ``rows``
        acked: list[asyncpg.Record] = []  # acknowledged (at acked_at), not yet marked sent
        acked_at = system_clock()
        try:
            while rows and not (leader and leader.is_closed()):
                # The mark goes out first, so that it is under way while the sends are issued.
                marking = asyncio.ensure_future(
                    self.mark_sent(acked, [None] * len(acked), acked_at, on=leader)
                )
                sending = asyncio.ensure_future(self.send(rows))
                try:
                    sent += await marking
                    after = await following
                except BaseException:
                    sending.cancel()  # its rows are not marked sent, so they are sent again
                    raise
                following = self._fetch_after(after, reader)
                results = await sending
                acked_at = system_clock()
                if any(results):  # records the failures, then raises
                    await self.mark_sent(rows, results, acked_at, on=leader)
                acked, rows = rows, after
            return sent + await self.mark_sent(acked, [None] * len(acked), acked_at, on=leader)
        finally:
            following.cancel()  # a fetch still under way when the run stops early

    def _fetch_after(
        self, batch: list[asyncpg.Record], reader: asyncpg.Connection | None
    ) -> "asyncio.Future[list[asyncpg.Record]]":
        """The batch after a full ``batch`` (nothing after a short one), being fetched: the
        first unpublished rows after its last."""
        if len(batch) < self._batch_size:
            return asyncio.ensure_future(_nothing())
        return asyncio.ensure_future(self.fetch_pending(after=batch[-1]["seq"], on=reader))

    async def fetch_pending(
        self, after: int = 0, *, on: asyncpg.Connection | None = None
    ) -> list[asyncpg.Record]:
        """The first unpublished rows by ``seq`` after ``after`` (the last row fetched, in
        flight or acknowledged but perhaps not yet marked); on ``on``, or through the pool."""
        return list(
            await (on or self._pool).fetch(
                "SELECT seq, id::text AS id, aggregatetype, aggregateid, type,"
                " payload::text AS payload, created_at FROM outbox"
                " WHERE published_at IS NULL AND seq > $2 ORDER BY seq LIMIT $1",
                self._batch_size,
                after,
            )
        )

    async def send(self, rows: list[asyncpg.Record]) -> list[BaseException | None]:
        """Send every row, in order, and wait for the broker's acknowledgements (None =
        acknowledged; a row's error is its record batch's).

        The rows go as record batches built here, one a partition (more should one fill),
        each row to the partition ``producer.send`` would choose (``partition_for``, the
        producer's own partitioner, over the topic's partitions as the producer lists them).
        A partition's rows are appended in ``seq`` order and its batches handed over in that
        order, so a key's rows leave in commit order. ``producer.send`` does per record what
        a batch does once: a metadata wait, the partitioner's two partition lists, a future
        (and its resolution) per record; that was two thirds of the relay's sending time.
        The idempotent producer stamps a batch with its producer id and sequence when it
        drains it, as it does its own batches.
        """
        producer = await self._producer.get()
        prefix = self._prefix
        partitions: dict[str, list[int]] = {}  # topic -> its partitions, as producer.send has them
        batches: list[tuple[BatchBuilder, str, int]] = []  # each with its topic and partition
        filling: dict[tuple[str, int], int] = {}  # (topic, partition) -> its batch being filled
        placed: list[int] = []  # each row's batch
        for _, event_id, aggregatetype, aggregateid, event_type, payload, _ in rows:
            topic = prefix + aggregatetype
            listed = partitions.get(topic)
            if listed is None:
                listed = partitions[topic] = list(await producer.partitions_for(topic))
            key = aggregateid.encode()
            partition = partition_for(key, listed, listed)
            value, headers = payload.encode(), record_headers(event_type, event_id)
            index = filling.get((topic, partition))
            if index is None or (
                batches[index][0].append(timestamp=None, key=key, value=value, headers=headers)
                is None  # full: it goes as it is, and the partition's rows go on in another
            ):
                builder = producer.create_batch()
                if builder.append(timestamp=None, key=key, value=value, headers=headers) is None:
                    raise ValueError(f"outbox row {event_id} does not fit in a record batch")
                index = filling[topic, partition] = len(batches)
                batches.append((builder, topic, partition))
            placed.append(index)
        pending = [
            await producer.send_batch(builder, topic, partition=partition)
            for builder, topic, partition in batches
        ]
        results = await asyncio.gather(*pending, return_exceptions=True)
        return [
            error if isinstance(error := results[index], BaseException) else None
            for index in placed
        ]

    async def mark_sent(
        self,
        rows: list[asyncpg.Record],
        results: list[BaseException | None],
        acked_at: datetime | None = None,
        *,
        on: asyncpg.Connection | None = None,
    ) -> int:
        """Mark the acknowledged rows sent (by ``seq``, the primary key) as published when their
        acknowledgements came (``acked_at``, or now), and count them in the metrics, a batch at a
        time; record each failure on its row, which keeps its place, and raise: a failure ends
        the relay's spell as leader. On the connection ``on``, or else through the pool."""
        if not rows:
            return 0
        now = acked_at or system_clock()
        sent = [row for row, error in zip(rows, results, strict=True) if error is None]
        failed = [(row, error) for row, error in zip(rows, results, strict=True) if error]
        db = on or self._pool
        if sent:
            await db.execute(
                "UPDATE outbox SET published_at = $2, attempts = attempts + 1"
                " WHERE seq = ANY($1::bigint[])",
                [row["seq"] for row in sent],
                now,
            )
        if failed:
            await db.executemany(
                "UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE seq = $1",
                [(row["seq"], repr(error)[:500]) for row, error in failed],
            )
        for event_type, n in Counter(row["type"] for row in sent).items():
            metrics.EVENTS_PUBLISHED.labels(event_type).inc(n)
        observe = metrics.OUTBOX_PUBLISH_LATENCY.observe
        for row in sent:
            observe((now - row["created_at"]).total_seconds())
        if failed:
            raise RuntimeError(f"{len(failed)} outbox rows failed to publish: {failed[0][1]!r}")
        return len(sent)

    async def _purge_published(self) -> None:
        if time.monotonic() - self._last_purge < PURGE_EVERY_SECONDS:
            return
        self._last_purge = time.monotonic()
        await self._pool.execute(
            "DELETE FROM outbox WHERE published_at < $1", system_clock() - PUBLISHED_RETENTION
        )

    async def _report_backlog(self) -> None:
        if time.monotonic() - self._last_report < REPORT_EVERY_SECONDS:
            return
        self._last_report = time.monotonic()
        row = await self._pool.fetchrow(
            "SELECT count(*) AS n, min(created_at) AS oldest FROM outbox WHERE published_at IS NULL"
        )
        assert row is not None
        metrics.OUTBOX_BACKLOG.set(row["n"])
        oldest = row["oldest"]
        metrics.OUTBOX_OLDEST_PENDING_SECONDS.set(
            (system_clock() - oldest).total_seconds() if oldest else 0
        )

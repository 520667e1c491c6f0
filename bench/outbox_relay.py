"""The outbox relay: events per second drained, and commit-to-publish latency p50/p99.

Drain: the relay leading (warmed up on one event, its producer started), N rows committed
in one transaction; time from that commit until every row is marked sent. Baseline: the
same N records sent straight to Kafka by a plain aiokafka producer with the same settings
(the relay's own ``make_producer``: acks=all, idempotence, no linger, 256 KiB batches a
partition, ``partitioner.partition_for``) in batches of the relay's size, waiting for each
batch's acks: each record as the relay sends it - the outbox row's topic, its aggregate id
as the key (a 36-character UUID), its payload, and the relay's headers
(``codec.record_headers``: content-type, ce_type, ce_id) - read back from the drained outbox,
so the two do the same Kafka work and differ only by the outbox.
Latency: a steady rate of one-event transactions while the relay runs; a consumer notes
when each event arrives; latency = arrival - commit. Baseline: the bare one-hop floor of
``bench.kafka_floor`` at the same rate and duration (a plain producer's send -> a
consumer's arrival), i.e. what publishing costs without an outbox in front.
"""

import asyncio
import os
import time
import uuid
from datetime import UTC, datetime
from functools import partial
from typing import Any

import asyncpg
from aiokafka import AIOKafkaConsumer

from bench.kafka_floor import measure_hops
from bench.support import BenchStack, bench_stack, headline, percentile, write_result
from returners_cli.testing.polling import eventually
from returners_platform.contracts.events import ApplicationWithdrawn
from returners_platform.contracts.topics import ALL_TOPICS
from returners_platform.messaging.codec import Headers, record_headers
from returners_platform.messaging.kafka import ensure_topics, make_producer
from returners_platform.messaging.relay import OutboxRelay
from returners_platform.messaging.schema import MESSAGING_TABLES_DDL
from returners_platform.messaging.unit_of_work import UnitOfWork

DRAIN_EVENTS = int(os.environ.get("BENCH_OUTBOX_EVENTS", "20000"))
RATE = int(os.environ.get("BENCH_OUTBOX_RATE", "200"))
SECONDS = int(os.environ.get("BENCH_OUTBOX_SECONDS", "10"))
BATCH = 500


def _withdrawal() -> ApplicationWithdrawn:
    return ApplicationWithdrawn(
        application_id=uuid.uuid4(), programme_id="bench", withdrawn_at=datetime.now(UTC)
    )


async def _fill(pool: asyncpg.Pool, count: int) -> None:
    """Commit ``count`` events to the outbox in one transaction (a backlog all at once)."""
    async with pool.acquire() as conn, conn.transaction():
        uow = UnitOfWork(conn, source="/bench", correlation_id=None, causation_id=None)
        for _ in range(count):
            await uow.publish(_withdrawal())


Record = tuple[str, bytes, bytes, Headers]  # topic, key, value, headers


async def _as_relayed(pool: asyncpg.Pool, prefix: str, count: int) -> list[Record]:
    """The last ``count`` outbox rows as the relay sent them (its topic, key, value and
    headers), in commit order: the plain producer's records."""
    rows = await pool.fetch(
        "SELECT * FROM (SELECT seq, id::text AS id, aggregatetype, aggregateid, type,"
        " payload::text AS payload FROM outbox ORDER BY seq DESC LIMIT $1) r ORDER BY seq",
        count,
    )
    return [
        (
            f"{prefix}{r['aggregatetype']}",
            r["aggregateid"].encode(),
            r["payload"].encode(),
            record_headers(r["type"], r["id"]),
        )
        for r in rows
    ]


def _sizes(records: list[Record]) -> dict[str, float]:
    """Mean bytes a record: what both producers sent."""
    n = max(len(records), 1)
    return {
        "key_bytes": round(sum(len(r[1]) for r in records) / n, 1),
        "value_bytes": round(sum(len(r[2]) for r in records) / n, 1),
        "header_bytes": round(
            sum(len(k) + len(v) for r in records for k, v in r[3]) / n,
            1,
        ),
        "headers": len(records[0][3]) if records else 0,
    }


async def _drained(pool: asyncpg.Pool) -> None:
    """Wait until no row is unpublished, looking every 10 ms: whether one is left (the first
    in the index on unpublished rows), not how many. A count every 50 ms read the whole
    backlog each time (3.6 ms of Postgres' CPU at 20,000 rows, beside the relay's own work)
    and added 25 ms on average to a drain of about half a second; the plain producer's time
    has no such overhead."""
    await eventually(
        lambda: pool.fetchval("SELECT EXISTS (SELECT FROM outbox WHERE published_at IS NULL)"),
        until=lambda left: not left,
        timeout=120,
        interval=0.01,
        what="the outbox drained",
    )


async def drain_rate(stack: BenchStack, dsn: str, prefix: str) -> dict[str, float]:
    pool = await asyncpg.create_pool(dsn, min_size=2, max_size=5)
    producer = make_producer(stack.kafka, "bench-relay")
    await producer.start()
    try:
        relay = OutboxRelay(
            dsn,
            pool,
            partial(make_producer, stack.kafka, "bench-relay"),
            topic_prefix=prefix,
            batch_size=BATCH,
        )
        task = asyncio.create_task(relay.run())
        await _fill(pool, 1)  # warm up: the relay leading, its producer started
        await _drained(pool)
        await _fill(pool, DRAIN_EVENTS)
        started = time.perf_counter()  # the backlog is committed: the relay starts on it
        await _drained(pool)
        relay_seconds = time.perf_counter() - started
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

        records = await _as_relayed(pool, prefix, DRAIN_EVENTS)
        started = time.perf_counter()
        for start in range(0, len(records), BATCH):
            futures = [
                await producer.send(topic, value, key=key, headers=headers)
                for topic, key, value, headers in records[start : start + BATCH]
            ]
            await asyncio.gather(*futures)
        plain_seconds = time.perf_counter() - started
    finally:
        await producer.stop()
        await pool.close()
    return {
        "events": DRAIN_EVENTS,
        "relay_events_per_second": round(DRAIN_EVENTS / relay_seconds, 1),
        "plain_producer_events_per_second": round(DRAIN_EVENTS / plain_seconds, 1),
        "plain_producer_records": len(records),
        "record": _sizes(records),
    }


async def latency(stack: BenchStack, dsn: str, prefix: str) -> dict[str, float]:
    topic = f"{prefix}returners.applications"
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=stack.kafka,
        auto_offset_reset="latest",
        group_id=f"bench-{uuid.uuid4()}",
    )
    await consumer.start()
    await consumer.seek_to_end()
    pool = await asyncpg.create_pool(dsn, min_size=2, max_size=5)
    relay = OutboxRelay(
        dsn,
        pool,
        partial(make_producer, stack.kafka, "bench-relay"),
        topic_prefix=prefix,
        poll_interval=1.0,
    )
    relay_task = asyncio.create_task(relay.run())
    committed: dict[str, float] = {}
    arrived: dict[str, float] = {}

    async def consume() -> None:
        async for record in consumer:
            arrived[dict(record.headers)["ce_id"].decode()] = time.perf_counter()

    consume_task = asyncio.create_task(consume())
    try:
        interval = 1 / RATE
        next_at = time.perf_counter()
        for _ in range(RATE * SECONDS):
            async with pool.acquire() as conn, conn.transaction():
                event = await UnitOfWork(
                    conn, source="/bench", correlation_id=None, causation_id=None
                ).publish(_withdrawal())
            committed[event.id] = time.perf_counter()
            next_at += interval
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
        deadline = time.perf_counter() + 30
        while len(arrived.keys() & committed.keys()) < len(committed):
            if time.perf_counter() > deadline:
                break
            await asyncio.sleep(0.05)
    finally:
        consume_task.cancel()
        relay_task.cancel()
        await asyncio.gather(relay_task, return_exceptions=True)  # the relay stops its producer
        await consumer.stop()
        await pool.close()
    latencies = [(arrived[k] - committed[k]) * 1000 for k in committed if k in arrived]
    return {
        "rate_per_second": RATE,
        "events": len(committed),
        "arrived": len(latencies),
        "commit_to_publish_p50_ms": round(percentile(latencies, 50), 2),
        "commit_to_publish_p99_ms": round(percentile(latencies, 99), 2),
    }


async def _database(stack: BenchStack, name: str) -> str:
    dsn = await stack.fresh_database(f"bench_outbox_{name}")
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(MESSAGING_TABLES_DDL)
    finally:
        await conn.close()
    return dsn


async def main(stack: BenchStack) -> tuple[dict[str, object], list[dict[str, Any]]]:
    prefix = "bench-outbox."
    await ensure_topics(stack.kafka, ALL_TOPICS, prefix=prefix)
    drain = await drain_rate(stack, await _database(stack, "drain"), prefix)
    steady = await latency(stack, await _database(stack, "latency"), prefix)
    floor = (await measure_hops(stack.kafka, rate=RATE, seconds=SECONDS)).figures(1)
    relay_rate, plain_rate = (
        drain["relay_events_per_second"],
        drain["plain_producer_events_per_second"],
    )
    headlines = [
        headline(
            "outbox relay drain",
            relay_rate,
            "events/s",
            "plain producer, same keys, headers, payloads",
            plain_rate,
        ),
        *(
            headline(
                f"commit -> published p{p}, {RATE}/s",
                steady[f"commit_to_publish_p{p}_ms"],
                "ms",
                "bare Kafka, 1 hop",
                floor[f"p{p}_ms"],
            )
            for p in (50, 99)
        ),
    ]
    figures: dict[str, object] = {
        "drain": drain,
        "latency": steady,
        "baseline_bare_kafka_one_hop": floor,
        "ratio_relay_vs_plain_producer": round(relay_rate / plain_rate, 3),
        "ratio_latency_p99_vs_bare_kafka": (
            round(steady["commit_to_publish_p99_ms"] / floor["p99_ms"], 3)
            if floor["p99_ms"]
            else None
        ),
    }
    return figures, headlines


if __name__ == "__main__":
    with bench_stack() as stack:
        write_result("outbox_relay", *asyncio.run(main(stack)))

"""Reporting: events per second through the faust projections, next to a plain consumer.

Run: ``python -m bench.reporting_replay`` from the repository root (the workspace's
Python). Writes ``bench/results/reporting_replay.json``. Uses KAFKA_BOOTSTRAP_SERVERS and
DATABASE_URL when both are set, else starts its own broker and database server.

The history (seeded): applications to one programme, each submitted, decided (70%
eligible), offered, then accepted (and mostly hired), declined or expired; some withdraw;
1% of records are published twice (producer retries). At least ``BENCH_REPORTING_EVENTS``
(default 210,000) events over the five event topics. Offers are drawn at random, not by
the matching rules, so the projected funnel (kept in the result for reference) fills far
more than the programme's places.

Measured in the same run, over the same topics:

- ``plain_aiokafka``: a bare aiokafka consumer reading every record from offset zero to
  the end (no decoding, no database): the ceiling for anything that consumes these topics;
- ``empty_faust_agent``: faust's own ceiling (``bench.empty_agent``): a faust worker with
  the reporting worker's app (same settings) whose one agent, over the same topics from
  offset zero, iterates the stream (``stream.events()``) and does nothing; timed from its
  first event to its last, start-up apart. ``empty_faust_agent_take_events`` is the same agent in
  the projections' shape (``take_events`` batches, same batch settings), nothing done with
  a batch. The projections are compared with both (the faster is the tighter ceiling);
- ``faust_projection``: ``python -m reporting.worker`` (faust, one agent, concurrency 1,
  ``take_events`` batches) from an empty database until Postgres holds the position of the
  last record of every partition. ``events_per_second`` counts from its first committed
  batch, the records applied by then left out (the start-up - migrations, group join - is
  reported apart);
- ``rebuild``: ``reporting.rebuild`` (plain aiokafka reader + the same projection code,
  one transaction) - the projection cost without faust.

The live projections and the rebuilt ones are compared table by table.
"""

import asyncio
import json
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
from aiokafka import AIOKafkaConsumer
from pydantic import SecretStr

from bench.empty_agent import ENVIRONMENT as EMPTY_AGENT_ENVIRONMENT
from bench.support import LOGS, BenchStack, bench_stack, headline, write_result
from reporting.config import Settings
from reporting.loops.faust_worker import worker_environment
from reporting.rebuild import rebuild
from reporting.store import READ_MODEL_TABLES
from reporting.stream.kafka_io import event_topic_names, partitions_of
from reporting.use_cases.reports import funnel
from returners_platform.contracts.catalogue import spec_for
from returners_platform.contracts.envelope import EventData, new_event
from returners_platform.contracts.events import (
    ApplicationSubmitted,
    ApplicationWithdrawn,
    CouncilRegistered,
    EligibilityDecided,
    PlacementAccepted,
    PlacementDeclined,
    PlacementOffered,
    PlacementOfferExpired,
    Preferences,
    ProgrammePublished,
    RegistrationHistory,
    ReturnerHired,
    VacancyPublished,
)
from returners_platform.contracts.examples import EXAMPLES
from returners_platform.contracts.topics import ALL_TOPICS
from returners_platform.contracts.vocabulary import EligibilityReason, Region, Specialism
from returners_platform.messaging.codec import encode_value, record_headers
from returners_platform.messaging.kafka import ensure_topics, make_producer

EVENTS = int(os.environ.get("BENCH_REPORTING_EVENTS", "210000"))
SEED = 20200331
PROGRAMME = "rtsw-bench"
COUNCILS = 60
START = datetime(2020, 1, 13, 9, tzinfo=UTC)
REGISTRATION = RegistrationHistory(
    body="HCPC",
    first_registered=date(2004, 9, 1),
    last_practised=date(2014, 6, 30),
    statutory_practice_years=6,
    currently_practising=False,
    conditions_of_practice=False,
)


def history(rng: random.Random) -> Iterator[EventData]:
    """Programme, councils and vacancies, then applications until EVENTS events."""
    base = EXAMPLES[ProgrammePublished].model_dump()
    base.update(programme_id=PROGRAMME, places=200)
    yield ProgrammePublished(**base)
    councils = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(COUNCILS)]
    vacancies = []
    for i, council in enumerate(councils):
        yield CouncilRegistered(council_id=council, name=f"Council {i}", registered_at=START)
        vacancy = VacancyPublished(
            vacancy_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            council_id=council,
            programme_id=PROGRAMME,
            region=rng.choice(list(Region)),
            specialism=rng.choice(list(Specialism)),
            slots=rng.randint(1, 5),
            starts_on=date(2020, 5, 4),
            revision=1,
            published_at=START,
        )
        vacancies.append(vacancy)
        yield vacancy
    produced = 1 + 2 * COUNCILS
    while produced < EVENTS:
        for event in application(rng, vacancies):
            produced += 1
            yield event


def application(rng: random.Random, vacancies: list[VacancyPublished]) -> Iterator[EventData]:
    app = uuid.UUID(int=rng.getrandbits(128), version=4)
    submitted_at = START + timedelta(minutes=rng.randint(0, 80 * 24 * 60))
    ids: dict[str, Any] = {"application_id": app, "programme_id": PROGRAMME}
    yield ApplicationSubmitted(
        **ids,
        submitted_at=submitted_at,
        right_to_work_uk=True,
        registration=REGISTRATION,
        preferences=Preferences(
            regions=rng.sample(list(Region), rng.randint(1, 3)),
            specialisms=rng.sample(list(Specialism), rng.randint(1, 2)),
        ),
    )
    if rng.random() < 0.03:
        yield ApplicationWithdrawn(**ids, withdrawn_at=submitted_at + timedelta(days=1))
        return
    years = round(rng.uniform(0.5, 14.0), 2)
    eligible = rng.random() < 0.7
    yield EligibilityDecided(
        **ids,
        eligible=eligible,
        reasons=[] if eligible else rng.sample(list(EligibilityReason), rng.randint(1, 2)),
        updating_days=(30 if years < 5 else 60) if eligible else None,
        years_out_of_practice=years,
        decided_at=submitted_at + timedelta(hours=1),
    )
    if not eligible:
        return
    vacancy = rng.choice(vacancies)
    offer = {
        "offer_id": uuid.UUID(int=rng.getrandbits(128), version=4),
        "council_id": vacancy.council_id,
        "vacancy_id": vacancy.vacancy_id,
    }
    offered_at = submitted_at + timedelta(days=rng.uniform(2, 40))
    yield PlacementOffered(
        **ids,
        **offer,
        region=vacancy.region,
        specialism=vacancy.specialism,
        updating_days=30,
        starts_on=date(2020, 5, 4),
        offered_at=offered_at,
        expires_at=offered_at + timedelta(days=7),
    )
    answer = rng.random()
    answered_at = offered_at + timedelta(days=rng.uniform(0.1, 6))
    if answer < 0.6:
        yield PlacementAccepted(**ids, **offer, accepted_at=answered_at)
        if rng.random() < 0.7:
            yield ReturnerHired(**ids, **offer, hired_at=answered_at + timedelta(days=20))
        elif rng.random() < 0.3:
            yield ApplicationWithdrawn(**ids, withdrawn_at=answered_at + timedelta(days=3))
    elif answer < 0.85:
        yield PlacementDeclined(**ids, **offer, declined_at=answered_at)
    else:
        yield PlacementOfferExpired(**ids, **offer, expired_at=offered_at + timedelta(days=7))


async def publish(stack: BenchStack, prefix: str) -> int:
    rng = random.Random(SEED)
    producer = make_producer(stack.kafka, "bench-reporting")
    await producer.start()
    sent = 0
    try:
        pending = []
        for data in history(rng):
            event = new_event(data, source="/bench")
            copies = 2 if rng.random() < 0.01 else 1
            for _ in range(copies):
                pending.append(
                    await producer.send(
                        spec_for(type(data)).topic.qualified(prefix),
                        value=encode_value(event),
                        key=event.subject.encode(),
                        headers=record_headers(event.type, event.id),
                    )
                )
                sent += 1
            if len(pending) >= 5000:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
    return sent


async def plain_consumer(stack: BenchStack, topics: list[str]) -> dict[str, float]:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=stack.kafka, enable_auto_commit=False, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        tps = await partitions_of(consumer, topics)
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        end = await consumer.end_offsets(tps)
        started = time.perf_counter()
        count = 0
        remaining = {tp for tp in tps if end[tp] > 0}
        while remaining:
            batch = await consumer.getmany(timeout_ms=1000, max_records=5000)
            count += sum(len(records) for records in batch.values())
            for tp in list(remaining):
                if await consumer.position(tp) >= end[tp]:
                    remaining.discard(tp)
        seconds = time.perf_counter() - started
    finally:
        await consumer.stop()
    return {
        "events": count,
        "seconds": round(seconds, 2),
        "events_per_second": round(count / seconds, 1),
    }


async def empty_faust_agent(
    settings: Settings, ends: dict[tuple[str, int], int], mode: str, data_dir: str
) -> dict[str, float]:
    """``bench.empty_agent`` as a faust worker over the topics, until it read every record."""
    result = Path(data_dir) / f"empty-{mode}.json"
    result.unlink(missing_ok=True)
    config = {
        "ends": [[topic, partition, end] for (topic, partition), end in ends.items()],
        "mode": mode,
        "result_file": str(result),
    }
    own = settings.model_copy(
        update={
            "faust_app_id": f"bench-empty-agent-{mode}-{uuid.uuid4().hex[:6]}",
            "faust_data_dir": str(Path(data_dir) / f"empty-{mode}"),
        }
    )
    env = worker_environment(own) | {EMPTY_AGENT_ENVIRONMENT: json.dumps(config)}
    LOGS.mkdir(parents=True, exist_ok=True)
    launched = time.time()
    with (LOGS / f"empty_agent_{mode}.log").open("w") as log:
        worker = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.empty_agent",
            env=env,
            stdout=log,
            stderr=log,
        )
        try:
            while not result.exists():
                if worker.returncode is not None:
                    raise RuntimeError(f"the empty agent exited with {worker.returncode}")
                await asyncio.sleep(0.1)
        finally:
            if worker.returncode is None:
                worker.terminate()
            await worker.wait()
    seen = json.loads(result.read_text())
    seconds = seen["last"] - seen["first"]
    return {
        "mode": mode,
        "events": seen["events"],
        "startup_seconds": round(seen["first"] - launched, 2),
        "seconds": round(seconds, 2),
        "events_per_second": round(seen["events"] / seconds, 1),
    }


async def caught_up(settings: Settings, ends: dict[tuple[str, int], int]) -> tuple[bool, bool, int]:
    """(every partition's last record applied, anything applied at all, records applied)."""
    conn = await asyncpg.connect(settings.database_url)
    try:
        if not await conn.fetchval("SELECT to_regclass('consumed_positions') IS NOT NULL"):
            return False, False, 0
        rows = await conn.fetch('SELECT topic, partition, "offset" FROM consumed_positions')
    finally:
        await conn.close()
    done = {(r["topic"], r["partition"]): r["offset"] + 1 for r in rows}
    applied = sum(done.values())  # the topics are fresh: positions count from offset zero
    return all(done.get(tp, 0) >= end for tp, end in ends.items() if end), bool(rows), applied


async def faust_projection(
    settings: Settings, events: int, ends: dict[tuple[str, int], int]
) -> dict[str, float]:
    env = worker_environment(settings) | {"REPORTING_OPERATIONS_TOKEN": "bench-only-token"}
    launched = time.perf_counter()
    worker = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "reporting.worker",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    first, applied_first = None, 0
    try:
        while True:
            done, started, applied = await caught_up(settings, ends)
            now = time.perf_counter()
            if started and first is None:
                first, applied_first = now, applied
            if done:
                break
            if worker.returncode is not None:
                raise RuntimeError(f"the worker exited with {worker.returncode}")
            await asyncio.sleep(0.2)
    finally:
        worker.terminate()
        await worker.wait()
    assert first is not None
    return {
        "events": events,
        "startup_seconds": round(first - launched, 2),
        "seconds": round(now - first, 2),
        # the records of the batches already applied at ``first`` took time before it
        "events_per_second": round((events - applied_first) / (now - first), 1),
        "events_per_second_including_startup": round(events / (now - launched), 1),
        "batch_max_events": settings.batch_max_events,
        "batch_within_seconds": settings.batch_within_seconds,
    }


async def tables(dsn: str) -> dict[str, list[Any]]:
    conn = await asyncpg.connect(dsn)
    try:
        return {
            table: [
                tuple(r)
                for r in await conn.fetch(
                    'SELECT topic, partition, "offset" FROM consumed_positions ORDER BY 1, 2'
                    if table == "consumed_positions"
                    else f"SELECT * FROM {table} ORDER BY 1"
                )
            ]
            for table in READ_MODEL_TABLES
        }
    finally:
        await conn.close()


async def main(stack: BenchStack, faust_dir: str) -> tuple[dict[str, object], list[dict[str, Any]]]:
    prefix = f"bench-reporting-{uuid.uuid4().hex[:6]}."
    await ensure_topics(stack.kafka, ALL_TOPICS, prefix=prefix)
    dsn = await stack.fresh_database("bench_reporting")
    settings = Settings(
        environment="test",
        database_url=dsn,
        kafka_bootstrap_servers=stack.kafka,
        kafka_topic_prefix=prefix,
        faust_data_dir=faust_dir,
        worker_metrics_port=0,
        run_worker=False,
        operations_token=SecretStr("bench-only-token"),
    )
    topics = event_topic_names(settings)
    published = await publish(stack, prefix)
    consumer = AIOKafkaConsumer(bootstrap_servers=stack.kafka)
    await consumer.start()
    try:
        tps = await partitions_of(consumer, topics)
        ends = {(tp.topic, tp.partition): o for tp, o in (await consumer.end_offsets(tps)).items()}
    finally:
        await consumer.stop()

    plain = await plain_consumer(stack, topics)
    empty = await empty_faust_agent(settings, ends, "iterate", faust_dir)
    empty_batches = await empty_faust_agent(settings, ends, "take_events", faust_dir)
    live = await faust_projection(settings, published, ends)
    live_tables = await tables(dsn)
    report = await rebuild(settings)
    conn = await asyncpg.connect(dsn)
    try:
        figures = await funnel(conn, PROGRAMME)
    finally:
        await conn.close()
    rebuilt = round(report.records / report.seconds, 1)
    headlines = [
        headline(
            "faust projections, replay",
            live["events_per_second"],
            "events/s",
            "empty faust agent",
            empty["events_per_second"],
        ),
        headline(
            "faust projections, replay",
            live["events_per_second"],
            "events/s",
            "empty faust agent in take_events batches",
            empty_batches["events_per_second"],
        ),
        headline(
            "empty faust agent (faust's ceiling)",
            empty["events_per_second"],
            "events/s",
            "plain aiokafka consumer",
            plain["events_per_second"],
        ),
        headline(
            "rebuild (same projection code, no faust)",
            rebuilt,
            "events/s",
            "plain aiokafka consumer",
            plain["events_per_second"],
        ),
    ]
    result: dict[str, object] = {
        "events": published,
        "topics": len(topics),
        "plain_aiokafka": plain,
        "empty_faust_agent": empty,
        "empty_faust_agent_take_events": empty_batches,
        "faust_projection": live,
        "rebuild": {
            "events": report.records,
            "seconds": round(report.seconds, 2),
            "events_per_second": rebuilt,
        },
        "ratio_faust_projection_vs_plain_consumer": round(
            live["events_per_second"] / plain["events_per_second"], 3
        ),
        "ratio_faust_projection_vs_empty_faust_agent": round(
            live["events_per_second"] / empty["events_per_second"], 3
        ),
        "ratio_faust_projection_vs_empty_faust_agent_take_events": round(
            live["events_per_second"] / empty_batches["events_per_second"], 3
        ),
        "ratio_empty_faust_agent_vs_plain_consumer": round(
            empty["events_per_second"] / plain["events_per_second"], 3
        ),
        "rebuild_identical_to_live": await tables(dsn) == live_tables,
        "funnel": figures.model_dump() if figures else None,
    }
    return result, headlines


if __name__ == "__main__":
    with bench_stack() as bench, tempfile.TemporaryDirectory(prefix="bench-faust-") as data:
        figures, headlines = asyncio.run(main(bench, data))
    write_result("reporting_replay", figures, headlines)

"""The platform under test for ``bench.end_to_end``, and where its time goes.

``platform`` runs every service as a process (``ProcessCluster``) on fresh databases of
the bench's Postgres, with a mail catcher for notifications. ``stage_breakdown`` splits
each application's decision latency into stages from the services' own records.
"""

import asyncio
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg

from bench.support import BenchStack, percentile
from returners_cli.stack.local import SERVICES
from returners_cli.testing.cluster import ProcessCluster
from returners_platform.contracts.events import ApplicationSubmitted, EligibilityDecided


@contextmanager
def platform(stack: BenchStack) -> Iterator[ProcessCluster]:
    """Every service as a process on fresh databases, plus a mail catcher for notifications."""
    workdir = Path(tempfile.mkdtemp(prefix="returners-bench-e2e-"))
    names = tuple(s.name for s in SERVICES)
    urls = {name: asyncio.run(stack.fresh_database(f"bench_e2e_{name}")) for name in names}
    cluster = ProcessCluster(
        kafka=stack.kafka,
        database_urls=urls,
        workdir=workdir,
        topic_prefix=f"bench-e2e-{uuid.uuid4().hex[:6]}.",
        extra_env={"applications": {"APPLICATIONS_SUBMISSIONS_PER_MINUTE": "0"}},
    )
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(workdir, ignore_errors=True)


@dataclass
class Application:
    application_id: str
    token: str
    answered_at: float  # when the client received the 201 (perf_counter)
    post_ms: float
    decided_at: float | None = None
    window_ms: float | None = None  # the poll window the decision appeared in
    decided_wall: float | None = None  # the same moment by the wall clock, for the stages


SUBMITTED, DECIDED = ApplicationSubmitted.event_type, EligibilityDecided.event_type
STAGES = (
    "submit -> submitted event acked by Kafka (request, commit, outbox relay)",
    "-> matching's handler starts (Kafka fetch, consumer)",
    "-> decision event acked by Kafka (handler, commit, outbox relay)",
    "-> applications' handler starts (Kafka fetch, consumer)",
    "-> the status poll shows it (handler, commit, poll)",
)


async def stage_breakdown(urls: dict[str, str], apps: list[Application]) -> dict[str, Any]:
    """Where the decision's time goes, from the services' own records: when each event was
    acknowledged by Kafka (the outbox's ``published_at``) and when each consumer's handler
    transaction began (``processed_events.processed_at``). One machine, one clock."""
    applications = await asyncpg.connect(urls["applications"])
    matching = await asyncpg.connect(urls["matching"])
    try:
        submitted = {
            r["id"]: r
            for r in await applications.fetch(
                "SELECT a.application_id::text AS id, a.submitted_at, o.id::text AS event_id,"
                " o.published_at FROM applications a JOIN outbox o"
                " ON o.aggregateid = a.application_id::text WHERE o.type = $1",
                SUBMITTED,
            )
        }
        handled_here = await _handled(applications, DECIDED)
        handled_there = await _handled(matching, SUBMITTED)
        decided = {
            r["aggregateid"]: r
            for r in await matching.fetch(
                "SELECT aggregateid, id::text AS event_id, published_at FROM outbox"
                " WHERE type = $1",
                DECIDED,
            )
        }
    finally:
        await applications.close()
        await matching.close()
    stages: list[list[float]] = [[] for _ in STAGES]
    for app in apps:
        sub, dec = submitted.get(app.application_id), decided.get(app.application_id)
        if sub is None or dec is None or app.decided_wall is None:
            continue
        times = [
            sub["submitted_at"].timestamp(),
            sub["published_at"].timestamp(),
            handled_there.get(sub["event_id"]),
            dec["published_at"].timestamp(),
            handled_here.get(dec["event_id"]),
            app.decided_wall,
        ]
        known = [t for t in times if t is not None]
        if len(known) == len(times):
            for n in range(len(STAGES)):
                stages[n].append((known[n + 1] - known[n]) * 1000)
    return {
        name: {"p50_ms": round(percentile(v, 50), 1), "p99_ms": round(percentile(v, 99), 1)}
        for name, v in zip(STAGES, stages, strict=True)
    }


async def _handled(conn: asyncpg.Connection, event_type: str) -> dict[str, float]:
    rows = await conn.fetch(
        "SELECT event_id, processed_at FROM processed_events WHERE event_type = $1", event_type
    )
    return {r["event_id"]: r["processed_at"].timestamp() for r in rows}

"""The platform under test for ``bench.end_to_end``, and where its time goes.

``platform`` runs every service as a process (``ProcessCluster``) on fresh databases of
the bench's Postgres, with a mail catcher for notifications. ``stage_breakdown`` splits
each application's decision latency into stages from the services' own records.
``stack_processes`` names every process of the running stack, for ``bench.memory``.
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

from bench.memory import listening_pid, port_of, tree
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
        background_priority=True,  # as ``returners up`` runs it
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
    decided_wall: float | None = None  # the same moment by the wall clock, for the stages
    answered_wall: float = 0.0  # the 201 by the wall clock, against the services' records


SUBMITTED, DECIDED = ApplicationSubmitted.event_type, EligibilityDecided.event_type
STAGES = (
    "submit -> submitted event acked by Kafka (request, commit, outbox relay)",
    "-> matching's handler starts (Kafka fetch, consumer)",
    "-> decision event acked by Kafka (handler, commit, outbox relay)",
    "-> applications' handler starts (Kafka fetch, consumer)",
    "-> the waiting status read answers with it (handler, commit, read)",
)


async def stage_breakdown(
    urls: dict[str, str], apps: list[Application]
) -> tuple[dict[str, Any], dict[str, dict[str, float]]]:
    """Where the decision's time goes, from the services' own records: when each event was
    acknowledged by Kafka (the outbox's ``published_at``) and when each consumer's handler
    transaction began (``processed_events.processed_at``). One machine, one clock.

    Also, per application (by id), the decision's own moments by the wall clock:
    ``published`` (matching's outbox row acknowledged by Kafka) and ``handled`` (the
    applications service's handler of the decision began its transaction)."""
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
    moments: dict[str, dict[str, float]] = {}
    for app_id, dec in decided.items():
        moments[app_id] = {"published": dec["published_at"].timestamp()}
        if dec["event_id"] in handled_here:
            moments[app_id]["handled"] = handled_here[dec["event_id"]]
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
    }, moments


async def _handled(conn: asyncpg.Connection, event_type: str) -> dict[str, float]:
    rows = await conn.fetch(
        "SELECT event_id, processed_at FROM processed_events WHERE event_type = $1", event_type
    )
    return {r["event_id"]: r["processed_at"].timestamp() for r in rows}


def infrastructure_pids(kafka: str, database_url: str) -> dict[str, int | None]:
    """The broker's and the database server's main processes, by the ports they listen on."""
    return {
        "kafka": listening_pid(port_of(kafka)),
        "postgres": listening_pid(port_of(database_url)),
    }


def stack_processes(
    cluster: ProcessCluster, infrastructure: dict[str, int | None]
) -> dict[str, list[int]]:
    """Every process of the running stack by part: each service with its children (the
    reporting worker and any standalone relay apart), the cluster's standalone relays and
    mail catcher, the broker's JVM and the Postgres server with every process it forked."""
    groups: dict[str, list[int]] = {}
    for name, service in cluster.services.items():
        pid = service.pid()
        if pid is None:
            continue
        groups[name] = [pid]
        for child in service.children():
            try:
                command = Path(f"/proc/{child}/cmdline").read_bytes()
            except OSError:
                continue  # gone meanwhile
            part = name
            if b"reporting.worker" in command:
                part = f"{name}-worker"
            elif b"relay_process" in command:
                part = f"{name}-relay"
            groups.setdefault(part, []).extend(tree(child))
    for name, relay in cluster.relays.items():
        groups[f"{name}-relay"] = tree(relay.pid())
    if cluster.mail is not None:
        groups["mail"] = tree(cluster.mail.pid())
    for name, pid in infrastructure.items():
        groups[name] = tree(pid)
    return groups

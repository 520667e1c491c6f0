"""End to end: from the 201 of POST /applications to the decision and the reporting funnel.

Run: ``python -m bench.end_to_end`` from the repository root. Writes
``bench/results/end_to_end.json``.

The whole platform runs as real processes (``ProcessCluster``: the four services, the
reporting worker, a local mail catcher for notifications) on the bench's Kafka and
Postgres, each service with a fresh database. The demo cohort's programme is published
through matching's admin API; ``BENCH_E2E_WARMUP`` submissions go through first (consumer
groups joined, connections open), then applications from the demo's seeded population are
submitted open-loop at ``BENCH_E2E_RATE`` a second for ``BENCH_E2E_SECONDS`` (each on its
own schedule, whatever the answers before it took), in two runs one after the other: the
decision's, in which nothing polls the funnel, then the funnel's, with the funnel's poller
reading (its 50 reads a second cost the stack a tenth to a fifth of its CPU, which the
decision's figures would otherwise carry: ``funnel_run`` has the decision's figures and
CPU of that run too).
Each run starts alike, after ``BENCH_E2E_IDLE_SECONDS`` with nothing sent (the pools shrunk,
the last run's emails and projections done), and each run's CPU is read from its first
submission to its last decision.
Measured from the moment the client received the 201, without loading the platform to
observe it more than stated:

- ``to_decision_event``: a Kafka consumer of the decision's topic (``returners.placements``;
  records whose ``ce_type`` is ``returners.eligibility.decided.v1``, keyed by the
  application), outside every consumer group, notes when each application's decision
  arrives. The decision crossed applications -> Kafka -> matching -> Kafka; reading it
  costs the services nothing.
- ``to_decision_published`` / ``to_decision_handled``: the services' own timestamps, by the
  wall clock: matching's outbox row of the decision acknowledged by Kafka
  (``published_at``), and the applications service's handler of the decision beginning its
  transaction (``processed_events.processed_at``).
- ``to_decision_on_status``: what an applicant sees, kept apart: each application's
  ``GET /applications/{id}`` (its own bearer token) read once at its 201, as the
  applicant's page does, then read waiting for a change: each read names the view it has
  (``If-None-Match``: its ``ETag``) and asks to wait (``Prefer: wait=``
  ``BENCH_E2E_STATUS_WAIT_SECONDS``, 10), so the service answers when the view changes (or
  304 when the wait ends), until the status shows the decision. The time is when that
  answer arrived. The reads made, a second and an application, are in ``method``: about
  two an application, one of them held open while the decision is made.
- ``to_funnel_submitted`` / ``to_funnel_decided`` (the funnel's run; the decision's figures
  above are the decision's run's): one poller reads the programme's funnel
  (``GET /reports/programmes/{id}/funnel``) every ``BENCH_E2E_FUNNEL_POLL_MS`` (20: at most 50
  reads a second of one small query, the rate made in ``method``). The funnel only counts, so
  arrivals are attributed in order: the k-th application to get its 201 is taken as
  counted at the first poll whose count (less the count when the funnel's run began)
  exceeds k. Reporting projects in batches that take everything that arrived, so this is
  exact except within one batch's few milliseconds of reordering; resolution = the funnel
  poll interval plus one request.

``decision_stages`` splits the decision's time by the services' own records (the outbox's
``published_at``: when Kafka acknowledged an event; ``processed_events.processed_at``: when
a consumer's handler transaction began), to show which stage to work on.

``cpu_ms_per_application``: the CPU time each part of the stack (``bench.cpu``) spent during the
decision's run, divided by the applications accepted in it: where the machine's two cores went,
the status reads above included (the funnel's run's, its poller's reads included, in
``funnel_run``); ``cpu_ms_per_second_idle``, the same over the
idle seconds before it (what the stack costs with nothing to do: polling loops, long polls).
``observer_cpu_ms_per_application``: what this process (the load, the status reads, the
decision's consumer, the memory sampler's thread) spent on the same two cores, apart from the
stack's figures.

``memory``: the resident memory of every process of the stack (``bench.memory``: each
service, its children such as the reporting worker, standalone relays, the mail catcher,
Kafka's JVM, the Postgres server and all its processes), idle - after the warm-up and
``BENCH_E2E_IDLE_SECONDS`` with nothing sent (the pools' default ``db_pool_idle_seconds``
and 5 more: the pools have closed the connections the warm-up opened; ``just_after_warm_up``
is a snapshot 5 s in, with most of them still open; the broker's heap cap is in
``broker_heap``; each run starts from those shrunk pools, so its first requests open
connections again, as after any quiet spell) - and under the load, through both runs and
the idle time between them (sampled
every ``BENCH_E2E_MEMORY_EVERY`` seconds, the sample with the largest total kept, and each
part's largest).

Baseline, measured in the same run on the same broker at the same rate and duration
(services idle): the bare Kafka floor of ``bench.kafka_floor`` - one hop (produce ->
consume, the least any "published, then counted" pipeline pays) and two hops (produce ->
consume -> produce -> consume, the least any "event, answer event" round trip pays). The
decision is compared with two hops, funnel "submitted" with one hop, funnel "decided"
(applications -> matching -> reporting) with two. The stack's memory is compared with the
broker's and the database server's alone, in the same snapshot.
"""

import asyncio
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition

from bench.cpu import reading, spent_ms
from bench.e2e_platform import (
    Application,
    infrastructure_pids,
    platform,
    stack_processes,
    stage_breakdown,
)
from bench.kafka_floor import measure_hops
from bench.memory import infrastructure_mib, snapshot
from bench.support import BenchStack, bench_stack, headline, percentile, write_result
from returners_cli.demo import population
from returners_cli.testing.cluster import ProcessCluster
from returners_cli.testing.polling import eventually
from returners_cli.testing.programmes import programme_without_selection
from returners_platform.contracts.events import EligibilityDecided
from returners_platform.contracts.topics import PLACEMENTS
from returners_platform.service.settings import ServiceSettings

RATE = float(os.environ.get("BENCH_E2E_RATE", "20"))
SECONDS = float(os.environ.get("BENCH_E2E_SECONDS", "30"))
STATUS_WAIT_SECONDS = float(os.environ.get("BENCH_E2E_STATUS_WAIT_SECONDS", "10"))
FUNNEL_POLL_MS = float(os.environ.get("BENCH_E2E_FUNNEL_POLL_MS", "20"))
WARMUP = int(os.environ.get("BENCH_E2E_WARMUP", "20"))
# Idle: long enough after the warm-up for the pools to close what the burst opened
# (``db_pool_idle_seconds``), with a snapshot 5 s in as well (the burst's connections still open).
POOL_IDLE_SECONDS = ServiceSettings.model_fields["db_pool_idle_seconds"].default
IDLE_SECONDS = float(os.environ.get("BENCH_E2E_IDLE_SECONDS", str(POOL_IDLE_SECONDS + 5)))
JUST_AFTER_SECONDS = min(5.0, IDLE_SECONDS)
MEMORY_EVERY = float(os.environ.get("BENCH_E2E_MEMORY_EVERY", "2"))
MEMORY_TARGET_MIB = 2048  # issue 17: the whole stack idle within 2 GiB
DRAIN_SECONDS = 120.0
SEED = 2020


class DecisionObserver:
    """A consumer of the decision's topic, in no consumer group: when each application's
    eligibility decision reached Kafka's readers (perf_counter), by application id."""

    def __init__(self, kafka: str, prefix: str) -> None:
        self.topic = PLACEMENTS.qualified(prefix)
        self.consumer = AIOKafkaConsumer(bootstrap_servers=kafka, enable_auto_commit=False)
        self.seen: dict[str, float] = {}
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self.consumer.start()
        await eventually(  # the services created it at their start
            self.consumer.topics,
            until=lambda topics: self.topic in topics,
            timeout=60,
            what=f"the topic {self.topic}",
        )
        tps = [TopicPartition(self.topic, p) for p in range(PLACEMENTS.partitions)]
        self.consumer.assign(tps)
        await self.consumer.seek_to_end(*tps)
        self.task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        decided = EligibilityDecided.event_type.encode()
        while True:
            batch = await self.consumer.getmany(timeout_ms=1000)
            now = time.perf_counter()
            for records in batch.values():
                for record in records:
                    if (record.key is None) or dict(record.headers).get("ce_type") != decided:
                        continue
                    self.seen.setdefault(record.key.decode(), now)

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)
        await self.consumer.stop()


class Journey:
    def __init__(
        self, client: httpx.AsyncClient, cluster: ProcessCluster, observer: DecisionObserver
    ) -> None:
        self.client = client
        self.observer = observer
        self.applications = cluster["applications"].url
        self.matching = cluster["matching"].url
        self.reporting = cluster["reporting"].url
        self.ops = {"Authorization": f"Bearer {cluster.secrets['OPERATIONS_TOKEN']}"}
        self.funnel_samples: list[tuple[float, int, int]] = []
        self.status_reads = 0

    async def publish_programme(self) -> str:
        answer = await self.client.post(
            f"{self.matching}/admin/programmes",
            json=programme_without_selection(population.PROGRAMME),
            headers=self.ops,
        )
        answer.raise_for_status()
        return population.PROGRAMME

    async def submit(self, applicant: population.Applicant, run: str) -> Application | None:
        sent = time.perf_counter()
        for attempt in range(3):  # a dropped connection: retry; the key makes it safe
            try:
                answer = await self.client.post(
                    f"{self.applications}/applications",
                    json=applicant.body,
                    headers={"Idempotency-Key": f"bench-{run}-{applicant.index}"},
                )
                break
            except httpx.TransportError:
                if attempt == 2:
                    raise
        now, wall = time.perf_counter(), time.time()
        if answer.status_code not in (200, 201):  # 200: the replay of a retried 201
            return None
        body = answer.json()
        return Application(
            body["application_id"],
            body["access_token"],
            now,
            (now - sent) * 1000,
            answered_wall=wall,
        )

    async def await_decision(self, app: Application, deadline: float) -> None:
        """Read the status, then read it waiting for a change (``If-None-Match`` with the
        view's ETag, ``Prefer: wait``) until it shows the decision."""
        url = f"{self.applications}/applications/{app.application_id}"
        token = {"Authorization": f"Bearer {app.token}"}
        etag: str | None = None
        while time.perf_counter() < deadline:
            headers = token
            if etag is not None:
                headers = token | {
                    "If-None-Match": etag,
                    "Prefer": f"wait={STATUS_WAIT_SECONDS:g}",
                }
            answer = await self._read(url, headers)
            now = time.perf_counter()
            self.status_reads += 1
            if answer is None or answer.status_code == 304:
                continue  # a dropped connection, or the wait ended unchanged: ask again
            if answer.json()["eligibility"] is not None:
                app.decided_at, app.decided_wall = now, time.time()
                return
            etag = answer.headers["ETag"]

    async def _read(self, url: str, headers: dict[str, str]) -> httpx.Response | None:
        """The 200 or 304 answer, or None (a dropped connection: read again)."""
        try:
            answer = await self.client.get(url, headers=headers)
        except httpx.TransportError:
            return None
        if answer.status_code not in (200, 304):
            answer.raise_for_status()
        return answer

    async def _get(self, url: str, headers: dict[str, str]) -> httpx.Response | None:
        """The 200 answer, or None (another status, or a dropped connection: poll again)."""
        try:
            answer = await self.client.get(url, headers=headers)
        except httpx.TransportError:
            return None
        return answer if answer.status_code == 200 else None

    async def funnel(self, programme: str) -> tuple[int, int] | None:
        url = f"{self.reporting}/reports/programmes/{programme}/funnel"
        answer = await self._get(url, self.ops)
        if answer is None:
            return None
        counts: dict[str, Any] = answer.json()
        return int(counts["submitted"]), int(counts["eligible"]) + int(counts["ineligible"])

    async def watch_funnel(self, programme: str) -> None:
        while True:
            sent = time.perf_counter()
            counts = await self.funnel(programme)
            if counts is not None:
                self.funnel_samples.append((time.perf_counter(), *counts))
            await asyncio.sleep(max(0.0, sent + FUNNEL_POLL_MS / 1000 - time.perf_counter()))

    async def until_funnel(self, programme: str, submitted: int, timeout: float) -> None:
        """Until the funnel counts ``submitted`` applications, submitted and decided."""
        await eventually(
            lambda: self.funnel(programme),
            until=lambda counts: counts is not None and min(counts) >= submitted,
            timeout=timeout,
            what=f"the funnel counting {submitted} applications",
        )

    async def until_sampled(self, submitted: int, timeout: float) -> None:
        """Until the funnel watcher has a sample counting ``submitted``, submitted and decided
        (the arrival times are read off its samples)."""
        await eventually(
            lambda: self.funnel_samples[-1:],
            until=lambda last: bool(last) and min(last[0][1:]) >= submitted,
            timeout=timeout,
            what=f"a funnel sample counting {submitted} applications",
        )


async def warm_up(journey: Journey, people: Sequence[population.Applicant]) -> None:
    programme = await journey.publish_programme()
    done: list[Application] = []
    for person in people:
        app = await eventually(  # 409 until applications knows the programme
            lambda person=person: journey.submit(person, "warmup"),
            until=lambda app: app is not None,
            timeout=120,
            interval=0.2,
            what="the programme to reach the applications service",
        )
        assert app is not None
        done.append(app)
    await asyncio.gather(*(journey.await_decision(a, time.perf_counter() + 120) for a in done))
    await journey.until_funnel(programme, len(people), timeout=120)


async def measured_run(
    journey: Journey, people: Sequence[population.Applicant], name: str
) -> tuple[list[Application], int]:
    """Submit ``people`` at RATE, open-loop; poll each one's status until decided."""
    started = time.perf_counter()
    deadline = started + len(people) / RATE + DRAIN_SECONDS
    accepted: list[Application] = []

    async def one(index: int, person: population.Applicant) -> None:
        await asyncio.sleep(max(0.0, started + index / RATE - time.perf_counter()))
        app = await journey.submit(person, name)
        if app is not None:
            accepted.append(app)
            await journey.await_decision(app, deadline)

    await asyncio.gather(*(one(i, p) for i, p in enumerate(people)))
    return accepted, len(people) - len(accepted)


def attribute(
    answered: list[float], samples: list[tuple[float, int]], base: int
) -> list[float | None]:
    """Arrival of the k-th application (by 201 time): the first sample counting > k."""
    arrivals: list[float | None] = []
    ordered = sorted(samples)
    position = 0
    for k in range(len(answered)):
        while position < len(ordered) and ordered[position][1] - base <= k:
            position += 1
        arrivals.append(ordered[position][0] if position < len(ordered) else None)
    return arrivals


def latency_figures(values: list[float], expected: int) -> dict[str, float]:
    return {
        "observed": len(values),
        "missing": expected - len(values),
        "p50_ms": round(percentile(values, 50), 1),
        "p99_ms": round(percentile(values, 99), 1),
        "max_ms": round(max(values), 1) if values else float("nan"),
    }


class MemorySampler:
    """Snapshots of the stack's memory (``bench.memory``), read in a thread so that the
    event loop timing the journeys is not held up by ``/proc``."""

    def __init__(self, cluster: ProcessCluster, stack: BenchStack) -> None:
        self.cluster = cluster
        self.infrastructure = infrastructure_pids(stack.kafka, stack.admin_dsn)
        self.samples: list[dict[str, Any]] = []

    def groups(self) -> dict[str, list[int]]:
        return stack_processes(self.cluster, self.infrastructure)

    def _snapshot(self) -> dict[str, Any]:
        return snapshot(self.groups())

    async def once(self) -> dict[str, Any]:
        return await asyncio.to_thread(self._snapshot)

    async def every(self, seconds: float) -> None:
        while True:
            self.samples.append(await self.once())
            await asyncio.sleep(seconds)

    def under_load(self) -> dict[str, Any]:
        """The sample with the largest whole-stack RSS, and each part's largest RSS."""
        if not self.samples:
            return {}
        peak = max(self.samples, key=lambda s: s["total_rss_mib"])
        parts = {name for s in self.samples for name in s["parts"]}
        return {
            "samples": len(self.samples),
            "every_seconds": MEMORY_EVERY,
            "peak": peak,
            "largest_rss_mib_by_part": {
                name: max(s["parts"][name]["rss_mib"] for s in self.samples if name in s["parts"])
                for name in sorted(parts)
            },
        }


def _memory_headlines(
    idle: dict[str, Any], just_after: dict[str, Any], loaded: dict[str, Any]
) -> list[dict[str, Any]]:
    baseline = "Kafka + Postgres alone (same snapshot)"
    lines = [
        headline(
            f"whole stack RSS, idle {IDLE_SECONDS:g} s (target <= {MEMORY_TARGET_MIB:,} MiB)",
            idle["total_rss_mib"],
            "MiB",
            baseline,
            infrastructure_mib(idle),
        ),
        headline(
            f"whole stack RSS, {JUST_AFTER_SECONDS:g} s after the warm-up's burst",
            just_after["total_rss_mib"],
            "MiB",
            baseline,
            infrastructure_mib(just_after),
        ),
    ]
    lines.append(
        headline(
            "whole stack PSS, idle (shared pages split among processes)",
            idle["total_pss_mib"],
            "MiB",
            baseline.replace("alone", "alone, PSS"),
            infrastructure_mib(idle, measure="pss_mib"),
        )
    )
    if loaded:
        peak = loaded["peak"]
        lines.append(
            headline(
                f"whole stack RSS, {RATE:g} submissions/s (peak)",
                peak["total_rss_mib"],
                "MiB",
                baseline,
                infrastructure_mib(peak),
            )
        )
    return lines


@dataclass
class Run:
    """One open-loop run of submissions: what it got, and what the stack spent on it."""

    accepted: list[Application]
    refused: int
    seconds: float
    cpu: dict[str, float]  # ms of CPU per accepted application, by part of the stack
    status_reads: int
    observer_cpu: float  # ms of CPU per accepted application this process spent


async def idle_until(since: float) -> None:
    """Send nothing until ``IDLE_SECONDS`` after ``since`` (perf_counter)."""
    await asyncio.sleep(max(0.0, since + IDLE_SECONDS - time.perf_counter()))


async def observed_run(
    journey: Journey, memory: MemorySampler, people: Sequence[population.Applicant], name: str
) -> Run:
    reads_before = journey.status_reads
    cpu_before, own_before = reading(memory.groups()), time.process_time()
    started = time.perf_counter()
    accepted, refused = await measured_run(journey, people, name)
    seconds = time.perf_counter() - started
    per = max(len(accepted), 1)
    cpu = spent_ms(cpu_before, reading(memory.groups()), per)
    observer = round((time.process_time() - own_before) * 1000 / per, 2)
    return Run(accepted, refused, seconds, cpu, journey.status_reads - reads_before, observer)


async def measure(
    cluster: ProcessCluster, stack: BenchStack
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    per_run = round(RATE * SECONDS)
    people = population.applicants(SEED, WARMUP + 2 * per_run)
    limits = httpx.Limits(max_connections=300, max_keepalive_connections=300)
    observer = DecisionObserver(stack.kafka, cluster.topic_prefix)
    memory = MemorySampler(cluster, stack)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        journey = Journey(client, cluster, observer)
        floor = await measure_hops(stack.kafka, rate=RATE, seconds=SECONDS, hops=2)
        try:
            await observer.start()
            await warm_up(journey, people[:WARMUP])
            idle_before, idle_from = reading(memory.groups()), time.perf_counter()
            await asyncio.sleep(JUST_AFTER_SECONDS)  # nothing sent: the stack idle
            just_after = await memory.once()
            await idle_until(idle_from)
            idle_cpu = spent_ms(
                idle_before, reading(memory.groups()), time.perf_counter() - idle_from
            )
            idle = await memory.once()
            before = await journey.funnel(population.PROGRAMME)
            assert before is not None
            sampler = asyncio.create_task(memory.every(MEMORY_EVERY))
            try:
                # The decision's run: nothing polls the funnel.
                decision_run = await observed_run(
                    journey, memory, people[WARMUP:][:per_run], "decision"
                )
                # The funnel's run starts as the decision's did: after as long with nothing
                # sent, from the funnel's count of every application so far.
                idle_from = time.perf_counter()
                counted = before[0] + len(decision_run.accepted)
                await journey.until_funnel(population.PROGRAMME, counted, timeout=60)
                await idle_until(idle_from)
                base = await journey.funnel(population.PROGRAMME)
                assert base is not None
                watcher = asyncio.create_task(journey.watch_funnel(population.PROGRAMME))
                try:
                    funnel_run = await observed_run(
                        journey, memory, people[WARMUP + per_run :], "funnel"
                    )
                    await journey.until_sampled(base[0] + len(funnel_run.accepted), 30)
                finally:
                    watcher.cancel()
            finally:
                sampler.cancel()
        finally:
            await observer.stop()
    loaded = memory.under_load()
    breakdown, moments = await stage_breakdown(cluster.database_urls, decision_run.accepted)
    funnel_run.accepted.sort(key=lambda a: a.answered_at)
    answered = [a.answered_at for a in funnel_run.accepted]
    samples = journey.funnel_samples
    to_submitted = attribute(answered, [(t, s) for t, s, _ in samples], base[0])
    to_decided = attribute(answered, [(t, d) for t, _, d in samples], base[1])
    one_hop, two_hops = floor.figures(1), floor.figures(2)
    figures = {
        **decision_figures(decision_run.accepted, observer, moments),
        "to_funnel_submitted": _arrivals(to_submitted, answered),
        "to_funnel_decided": _arrivals(to_decided, answered),
    }
    during_funnel_run = decision_figures(funnel_run.accepted, observer, None)
    status = "201 -> decision on status (read waiting for a change)"
    headlines = [
        *_pair("201 -> decision event on Kafka", figures["to_decision_event"], two_hops, 2),
        *_pair(status, figures["to_decision_on_status"], two_hops, 2),
        *_pair("201 -> funnel counts it", figures["to_funnel_submitted"], one_hop, 1),
        *_pair("201 -> funnel counts decision", figures["to_funnel_decided"], two_hops, 2),
        *_pair(
            f"{status}, the funnel's run (its poller reading)",
            during_funnel_run["to_decision_on_status"],
            two_hops,
            2,
        ),
        *_memory_headlines(idle, just_after, loaded),
    ]
    funnel_seconds = (samples[-1][0] - samples[0][0]) if len(samples) > 1 else float("nan")
    return {
        "load": {
            "rate_per_second": RATE,
            "seconds": SECONDS,
            "runs": {
                name: {
                    "submitted": len(run.accepted) + run.refused,
                    "answered_201": len(run.accepted),
                    "refused": run.refused,
                    "seconds": round(run.seconds, 1),
                }
                for name, run in (("decision", decision_run), ("funnel", funnel_run))
            },
            "warmup": WARMUP,
        },
        "method": {
            "runs": (
                "two runs of the same load, one after the other: the decision's (nothing polls"
                " the funnel), then the funnel's (its poller reading)"
            ),
            "decision_observed_by": (
                f"a consumer of {observer.topic} outside any group, records with ce_type"
                f" {EligibilityDecided.event_type}"
            ),
            "status_read": (
                "GET /applications/{id} at the 201, then with If-None-Match (its ETag) and"
                f" Prefer: wait={STATUS_WAIT_SECONDS:g} until the decision shows"
            ),
            "status_reads": decision_run.status_reads,
            "status_reads_per_second": round(decision_run.status_reads / decision_run.seconds, 1),
            "status_reads_per_application": round(
                decision_run.status_reads / max(len(decision_run.accepted), 1), 2
            ),
            "funnel_observed_by": (
                "one poller of GET /reports/programmes/{id}/funnel; the k-th 201 counted at the"
                " first read whose count exceeds k"
            ),
            "funnel_poll_interval_ms": FUNNEL_POLL_MS,
            "funnel_polls": len(samples),
            "funnel_polls_per_second": round(len(samples) / funnel_seconds, 1)
            if len(samples) > 1
            else None,
            "measured_run_seconds": round(decision_run.seconds, 1),
        },
        "post_applications_ms": {
            "p50": round(percentile([a.post_ms for a in decision_run.accepted], 50), 1),
            "p99": round(percentile([a.post_ms for a in decision_run.accepted], 99), 1),
        },
        **figures,
        "decision_stages": breakdown,
        "cpu_ms_per_application": decision_run.cpu,
        "observer_cpu_ms_per_application": decision_run.observer_cpu,
        "cpu_ms_per_second_idle": idle_cpu,
        "funnel_run": {
            **during_funnel_run,
            "cpu_ms_per_application": funnel_run.cpu,
            "observer_cpu_ms_per_application": funnel_run.observer_cpu,
        },
        "baseline_bare_kafka": {"rate_per_second": RATE, "one_hop": one_hop, "two_hops": two_hops},
        "memory": {
            "idle": idle,
            "idle_after_seconds": IDLE_SECONDS,
            "just_after_warm_up": just_after,
            "just_after_warm_up_seconds": JUST_AFTER_SECONDS,
            "pool_idle_seconds": POOL_IDLE_SECONDS,
            "broker_heap": stack.broker_heap,
            "under_load": loaded,
            "target_idle_mib": MEMORY_TARGET_MIB,
            "within_target": idle["total_rss_mib"] <= MEMORY_TARGET_MIB,
        },
    }, headlines


def decision_figures(
    accepted: list[Application],
    observer: DecisionObserver,
    moments: dict[str, dict[str, float]] | None,
) -> dict[str, dict[str, float]]:
    """201 -> the decision: on Kafka, by the services' own records (``moments``, from
    ``stage_breakdown``; None: not read for these applications), and on the status
    endpoint."""
    on_kafka = [
        (observer.seen[a.application_id] - a.answered_at) * 1000
        for a in accepted
        if a.application_id in observer.seen
    ]
    figures = {"to_decision_event": latency_figures(on_kafka, len(accepted))}
    if moments is not None:
        for moment in ("published", "handled"):
            values = [
                (moments[a.application_id][moment] - a.answered_wall) * 1000
                for a in accepted
                if moment in moments.get(a.application_id, {})
            ]
            figures[f"to_decision_{moment}"] = latency_figures(values, len(accepted))
    decision = [(a.decided_at - a.answered_at) * 1000 for a in accepted if a.decided_at]
    figures["to_decision_on_status"] = latency_figures(decision, len(accepted))
    return figures


def _arrivals(arrivals: list[float | None], answered: list[float]) -> dict[str, float]:
    values = [(t - a) * 1000 for t, a in zip(arrivals, answered, strict=True) if t is not None]
    return latency_figures(values, len(answered))


def _pair(
    what: str, measured: dict[str, float], floor: dict[str, float], hops: int
) -> list[dict[str, Any]]:
    baseline = f"bare Kafka, {hops} hop{'s' if hops > 1 else ''}"
    return [
        headline(f"{what} p{p}", measured[f"p{p}_ms"], "ms", baseline, floor[f"p{p}_ms"])
        for p in (50, 99)
    ]


def main() -> None:
    with bench_stack() as stack, platform(stack) as cluster:
        figures, headlines = asyncio.run(measure(cluster, stack))
    write_result("end_to_end", figures, headlines)


if __name__ == "__main__":
    main()

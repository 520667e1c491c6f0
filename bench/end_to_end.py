"""End to end: from the 201 of POST /applications to the decision and the reporting funnel.

Run: ``python -m bench.end_to_end`` from the repository root. Writes
``bench/results/end_to_end.json``.

The whole platform runs as real processes (``ProcessCluster``: the four services, the
reporting worker, a local mail catcher for notifications) on the bench's Kafka and
Postgres, each service with a fresh database. The demo cohort's programme is published
through matching's admin API; ``BENCH_E2E_WARMUP`` submissions go through first (consumer
groups joined, connections open), then applications from the demo's seeded population are
submitted open-loop at ``BENCH_E2E_RATE`` a second for ``BENCH_E2E_SECONDS`` (each on its
own schedule, whatever the answers before it took). Measured from the moment the client
received the 201:

- ``to_decision_on_status``: a poller per application calls ``GET /applications/{id}``
  (its own bearer token) until the eligibility decision shows; the time is when that
  response arrived. The decision crossed applications -> Kafka -> matching -> Kafka ->
  applications. Polls are ``BENCH_E2E_POLL_MS`` (10) apart, or ``BENCH_E2E_POLL_RELATIVE``
  (5%) of the time waited so far when that is longer, so resolution stays within 5% while
  the polls' own load stays bounded when the platform slows down (with a fixed interval
  every slow answer means more pollers polling, which slows it further). The decision
  became visible between the send of the last poll that did not show it and the arrival
  of the one that did; that window's mean and p99 are reported, with the polls made.
- ``to_funnel_submitted`` / ``to_funnel_decided``: one poller reads the programme's funnel
  (``GET /reports/programmes/{id}/funnel``) every ``BENCH_E2E_FUNNEL_POLL_MS``. The funnel
  only counts, so arrivals are attributed in order: the k-th application to get its 201
  is taken as counted at the first poll whose count (less the warm-up's) exceeds k.
  Reporting projects in batches that take everything that arrived, so this is exact
  except within one batch's few milliseconds of reordering; resolution = the funnel poll
  interval plus one request.

``decision_stages`` splits the decision's time by the services' own records (the outbox's
``published_at``: when Kafka acknowledged an event; ``processed_events.processed_at``: when
a consumer's handler transaction began), to show which stage to work on.

Baseline, measured in the same run on the same broker at the same rate and duration
(services idle): the bare Kafka floor of ``bench.kafka_floor`` - one hop (produce ->
consume, the least any "published, then counted" pipeline pays) and two hops (produce ->
consume -> produce -> consume, the least any "event, answer event" round trip pays). The
decision is compared with two hops, funnel "submitted" with one hop, funnel "decided"
(applications -> matching -> reporting) with two.
"""

import asyncio
import os
import time
from collections.abc import Sequence
from typing import Any

import httpx

from bench.e2e_platform import Application, platform, stage_breakdown
from bench.kafka_floor import measure_hops
from bench.support import bench_stack, headline, percentile, write_result
from returners_cli.demo import population
from returners_cli.testing.cluster import ProcessCluster
from returners_cli.testing.polling import eventually
from returners_cli.testing.programmes import programme_without_selection

RATE = float(os.environ.get("BENCH_E2E_RATE", "20"))
SECONDS = float(os.environ.get("BENCH_E2E_SECONDS", "30"))
POLL_MS = float(os.environ.get("BENCH_E2E_POLL_MS", "10"))
POLL_RELATIVE = float(os.environ.get("BENCH_E2E_POLL_RELATIVE", "0.05"))
FUNNEL_POLL_MS = float(os.environ.get("BENCH_E2E_FUNNEL_POLL_MS", "20"))
WARMUP = int(os.environ.get("BENCH_E2E_WARMUP", "20"))
DRAIN_SECONDS = 120.0
SEED = 2020


class Journey:
    def __init__(self, client: httpx.AsyncClient, cluster: ProcessCluster) -> None:
        self.client = client
        self.applications = cluster["applications"].url
        self.matching = cluster["matching"].url
        self.reporting = cluster["reporting"].url
        self.ops = {"Authorization": f"Bearer {cluster.secrets['OPERATIONS_TOKEN']}"}
        self.funnel_samples: list[tuple[float, int, int]] = []
        self.status_polls = 0

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
        now = time.perf_counter()
        if answer.status_code not in (200, 201):  # 200: the replay of a retried 201
            return None
        body = answer.json()
        return Application(body["application_id"], body["access_token"], now, (now - sent) * 1000)

    async def await_decision(self, app: Application, deadline: float) -> None:
        url = f"{self.applications}/applications/{app.application_id}"
        headers = {"Authorization": f"Bearer {app.token}"}
        last_miss = app.answered_at
        while time.perf_counter() < deadline:
            sent = time.perf_counter()
            answer = await self._get(url, headers)
            now = time.perf_counter()
            self.status_polls += 1
            if answer is not None and answer.json()["eligibility"] is not None:
                app.decided_at, app.window_ms = now, (now - last_miss) * 1000
                app.decided_wall = time.time()
                return
            last_miss = sent
            interval = max(POLL_MS / 1000, POLL_RELATIVE * (sent - app.answered_at))
            await asyncio.sleep(max(0.0, sent + interval - time.perf_counter()))

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
    journey: Journey, people: Sequence[population.Applicant]
) -> tuple[list[Application], int]:
    """Submit ``people`` at RATE, open-loop; poll each one's status until decided."""
    started = time.perf_counter()
    deadline = started + len(people) / RATE + DRAIN_SECONDS
    accepted: list[Application] = []

    async def one(index: int, person: population.Applicant) -> None:
        await asyncio.sleep(max(0.0, started + index / RATE - time.perf_counter()))
        app = await journey.submit(person, "run")
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


async def measure(
    cluster: ProcessCluster, kafka: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    people = population.applicants(SEED, WARMUP + round(RATE * SECONDS))
    limits = httpx.Limits(max_connections=300, max_keepalive_connections=300)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        journey = Journey(client, cluster)
        floor = await measure_hops(kafka, rate=RATE, seconds=SECONDS, hops=2)
        await warm_up(journey, people[:WARMUP])  # then straight on: no idle connections
        base = await journey.funnel(population.PROGRAMME)
        assert base is not None
        watcher = asyncio.create_task(journey.watch_funnel(population.PROGRAMME))
        polls_before = journey.status_polls
        accepted, refused = await measured_run(journey, people[WARMUP:])
        status_polls = journey.status_polls - polls_before
        try:
            await journey.until_sampled(base[0] + len(accepted), 30)
        finally:
            watcher.cancel()
    breakdown = await stage_breakdown(cluster.database_urls, accepted)
    accepted.sort(key=lambda a: a.answered_at)
    answered = [a.answered_at for a in accepted]
    samples = journey.funnel_samples
    to_submitted = attribute(answered, [(t, s) for t, s, _ in samples], base[0])
    to_decided = attribute(answered, [(t, d) for t, _, d in samples], base[1])
    decision = [(a.decided_at - a.answered_at) * 1000 for a in accepted if a.decided_at]
    windows = [a.window_ms for a in accepted if a.window_ms is not None]
    one_hop, two_hops = floor.figures(1), floor.figures(2)
    figures = {
        "to_decision_on_status": latency_figures(decision, len(accepted)),
        "to_funnel_submitted": _arrivals(to_submitted, answered),
        "to_funnel_decided": _arrivals(to_decided, answered),
    }
    headlines = [
        *_pair("201 -> decision on status", figures["to_decision_on_status"], two_hops, 2),
        *_pair("201 -> funnel counts it", figures["to_funnel_submitted"], one_hop, 1),
        *_pair("201 -> funnel counts decision", figures["to_funnel_decided"], two_hops, 2),
    ]
    return {
        "load": {
            "rate_per_second": RATE,
            "seconds": SECONDS,
            "submitted": len(accepted) + refused,
            "answered_201": len(accepted),
            "refused": refused,
            "warmup": WARMUP,
        },
        "method": {
            "status_poll_interval_ms": POLL_MS,
            "status_poll_relative": POLL_RELATIVE,
            "status_polls": status_polls,
            "status_window_mean_ms": round(sum(windows) / max(len(windows), 1), 1),
            "status_window_p99_ms": round(percentile(windows, 99), 1),
            "funnel_poll_interval_ms": FUNNEL_POLL_MS,
            "funnel_polls": len(samples),
        },
        "post_applications_ms": {
            "p50": round(percentile([a.post_ms for a in accepted], 50), 1),
            "p99": round(percentile([a.post_ms for a in accepted], 99), 1),
        },
        **figures,
        "decision_stages": breakdown,
        "baseline_bare_kafka": {"rate_per_second": RATE, "one_hop": one_hop, "two_hops": two_hops},
    }, headlines


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
        figures, headlines = asyncio.run(measure(cluster, stack.kafka))
    write_result("end_to_end", figures, headlines)


if __name__ == "__main__":
    main()

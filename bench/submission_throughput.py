"""Submission throughput and latency of POST /applications against a bare FastAPI baseline.

Both servers run as one uvicorn process each on this machine, against the same Postgres
(durable commits), loaded in turn by wrk with the same connections and duration. The
applications service does everything a real submission does: validation, the application
and contact rows, the outbox row, the relay publishing to Kafka meanwhile.

Then the read an applicant polls: ``GET /applications/{id}`` (bearer token, the status
with offers and timeline) round-robin over ``READ_TARGETS`` applications, against the
baseline's ``GET /items/{id}`` (one SELECT by primary key), same connections.

wrk is closed-loop: each connection sends its next request when the last is answered, so
its latencies are those at saturation. An open-loop run follows the writes: vegeta sends
``POST`` at a fixed ``BENCH_OPEN_RATE`` (300/s) for ``BENCH_OPEN_DURATION`` whatever the
answers take (opening connections as needed), to both servers in turn, so p50/p99 are
those of a service offered that rate, queueing included when it cannot keep up (the
achieved rate and the share of 2xx answers are in the result).
"""

import asyncio
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from bench.cpu import reading, spent_ms
from bench.memory import listening_pid, port_of, tree
from bench.support import LOGS, BenchStack, bench_stack, headline, write_result
from returners_cli.stack.processes import start_detached, stop_pid, wait_until
from returners_cli.stack.scratch import free_port
from returners_cli.testing.submissions import submission_body
from returners_platform.contracts.topics import ALL_TOPICS
from returners_platform.messaging.kafka import ensure_topics

HERE = Path(__file__).parent
DURATION = os.environ.get("BENCH_DURATION", "15s")
READ_DURATION = os.environ.get("BENCH_READ_DURATION", "10s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "16")
OPEN_RATE = int(os.environ.get("BENCH_OPEN_RATE", "300"))
OPEN_DURATION = os.environ.get("BENCH_OPEN_DURATION", "15s")
READ_TARGETS = 200
VEGETA = HERE.parent / ".returners" / "tools" / "bin" / "vegeta"
BODY = submission_body("bench-open")


def wrk(url: str, targets: list[tuple[str, str]] | None = None) -> dict[str, float]:
    """POST the body to ``url``, or with ``targets`` GET each (path, token) in turn."""
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk (make bench installs it)")
    script, duration, env = "wrk_post.lua", DURATION, {"BODY": json.dumps(BODY)}
    if targets is not None:
        script, duration = "wrk_get.lua", READ_DURATION
        env = {"TARGETS": "".join(f"{path} {token};" for path, token in targets)}
    load = ["-t2", f"-c{CONNECTIONS}", f"-d{duration}", "--latency", "-s", str(HERE / script)]
    output = subprocess.run(
        ["wrk", *load, url],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        sys.exit(f"{url} answered {non_2xx.group(1)} non-2xx responses:\n{output}")
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        "p50_ms": _ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),  # type: ignore[union-attr]
        "p99_ms": _ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),  # type: ignore[union-attr]
    }


def open_loop(url: str, server: int, database: str) -> dict[str, Any]:
    """POST the body to ``url`` at OPEN_RATE a second for OPEN_DURATION (vegeta), with where
    the machine's time went meanwhile (``cores_busy``): the share of a core the server's
    process (``server``, the pid) kept busy, and the cores the Postgres server holding
    ``database`` did (its processes at the start: a floor, as ``bench.cpu`` says); and how
    the slow answers spread over the run's seconds (``by_second``)."""
    vegeta = str(VEGETA) if VEGETA.exists() else shutil.which("vegeta")
    if vegeta is None:
        sys.exit("vegeta is needed: make bench-packages builds it into .returners/tools/bin")
    LOGS.mkdir(parents=True, exist_ok=True)
    body = LOGS / "open_loop_body.json"
    body.write_text(json.dumps(BODY))
    target = f"POST {url}\nContent-Type: application/json\n@{body}\n"
    postgres = tree(listening_pid(port_of(database)))
    cpu_before, started = reading({"server": [server], "postgres": postgres}), time.perf_counter()
    attack = subprocess.run(
        [vegeta, "attack", f"-rate={OPEN_RATE}/s", f"-duration={OPEN_DURATION}", "-timeout=30s"],
        input=target.encode(),
        capture_output=True,
        check=True,
    )
    cpu = spent_ms(cpu_before, reading({"server": [server], "postgres": postgres}), 1.0)
    seconds = time.perf_counter() - started
    report = json.loads(
        subprocess.run(
            [vegeta, "report", "-type=json"], input=attack.stdout, capture_output=True, check=True
        ).stdout
    )
    latencies = report["latencies"]
    return {
        "offered_per_second": OPEN_RATE,
        "requests": report["requests"],
        "achieved_per_second": round(report["rate"], 1),
        "answered_per_second": round(report["throughput"], 1),  # 2xx answers a second
        "success_share": round(report["success"], 4),
        "status_codes": report["status_codes"],
        "p50_ms": round(latencies["50th"] / 1e6, 2),
        "p90_ms": round(latencies["90th"] / 1e6, 2),
        "p99_ms": round(latencies["99th"] / 1e6, 2),
        "max_ms": round(latencies["max"] / 1e6, 2),
        "cores_busy": {part: round(ms / 1000 / seconds, 2) for part, ms in cpu.items()},
        "by_second": by_second(vegeta, attack.stdout),
    }


def by_second(vegeta: str, results: bytes) -> dict[str, Any]:
    """How the slow answers spread over the run: one stall shows as a second or two whose
    slowest answer is far above the rest, queueing as many seconds a little above."""
    rows = subprocess.run(
        [vegeta, "encode", "-to", "csv"], input=results, capture_output=True, check=True
    ).stdout.decode()
    seconds: dict[int, list[float]] = {}
    first: int | None = None
    for line in csv.reader(io.StringIO(rows)):
        at, latency = int(line[0]), int(line[2]) / 1e6  # ns since the epoch; ns
        first = at if first is None else first
        seconds.setdefault((at - first) // 1_000_000_000, []).append(latency)
    slowest = sorted(((max(v), n) for n, v in seconds.items()), reverse=True)
    return {
        "seconds": len(seconds),
        "seconds_with_an_answer_over_50_ms": sum(max(v) > 50 for v in seconds.values()),
        "slowest_seconds": [
            {
                "second": n,
                "max_ms": round(worst, 1),
                "answers_over_50_ms": sum(latency > 50 for latency in seconds[n]),
            }
            for worst, n in slowest[:3]
        ],
    }


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wait_ready(url: str, timeout: float = 90) -> None:
    def answers() -> bool:
        try:
            return httpx.get(url, timeout=2).status_code < 500
        except httpx.HTTPError:
            return False

    wait_until(answers, timeout=timeout, what=url)


async def publish_programme(kafka: str, prefix: str) -> None:
    from datetime import UTC, datetime, timedelta

    from returners_platform.contracts.envelope import new_event
    from returners_platform.contracts.events import ProgrammePublished
    from returners_platform.contracts.examples import EXAMPLES
    from returners_platform.messaging.codec import encode_value, record_headers
    from returners_platform.messaging.kafka import make_producer

    now = datetime.now(UTC)
    programme = EXAMPLES[ProgrammePublished].model_copy(
        update={
            "programme_id": "bench-open",
            "opens_at": now - timedelta(days=1),
            "closes_at": now + timedelta(days=30),
            "published_at": now,
        }
    )
    event = new_event(programme, source="/bench")
    producer = make_producer(kafka, "bench")
    await producer.start()
    try:
        await producer.send_and_wait(
            f"{prefix}returners.programmes",
            encode_value(event),
            key=event.subject.encode(),
            headers=record_headers(event.type, event.id),
        )
    finally:
        await producer.stop()


async def _baseline_targets(dsn: str) -> list[tuple[str, str]]:
    conn = await asyncpg.connect(dsn)
    try:
        ids = await conn.fetch("SELECT id FROM items LIMIT $1", READ_TARGETS)
    finally:
        await conn.close()
    return [(f"/items/{row['id']}", "-") for row in ids]


def _service_targets(url: str) -> list[tuple[str, str]]:
    targets = []
    with httpx.Client(timeout=30) as client:
        for _ in range(READ_TARGETS):
            answer = client.post(f"{url}/applications", json=BODY)
            answer.raise_for_status()
            created = answer.json()
            targets.append((f"/applications/{created['application_id']}", created["access_token"]))
    return targets


Measured = tuple[
    dict[str, float], dict[str, Any], dict[str, float]
]  # closed loop, open loop, reads


def measure_baseline(dsn: str) -> Measured:
    port = free_port()
    pid = start_detached(
        [sys.executable, str(HERE / "baseline_app.py"), str(port), dsn],
        pid_file=LOGS / "baseline.pid",
        log_file=LOGS / "baseline.log",
    )
    try:
        wait_ready(f"http://127.0.0.1:{port}/docs")
        url = f"http://127.0.0.1:{port}"
        write = wrk(f"{url}/items")
        steady = open_loop(f"{url}/items", pid, dsn)
        read = wrk(url, asyncio.run(_baseline_targets(dsn)))
    finally:
        stop_pid(pid)
    return write, steady, read


def measure_service(stack: BenchStack, dsn: str, prefix: str) -> Measured:
    port = free_port()
    env = {
        **os.environ,
        "RETURNERS_ENV": "test",
        "APPLICATIONS_PORT": str(port),
        "APPLICATIONS_DATABASE_URL": dsn,
        "APPLICATIONS_KAFKA_BOOTSTRAP_SERVERS": stack.kafka,
        "APPLICATIONS_KAFKA_TOPIC_PREFIX": prefix,
        "APPLICATIONS_SUBMISSIONS_PER_MINUTE": "0",
        "APPLICATIONS_LOG_LEVEL": "WARNING",
    }
    pid = start_detached(
        [sys.executable, "-m", "applications"],
        pid_file=LOGS / "apps.pid",
        log_file=LOGS / "applications.log",
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(f"{url}/readyz")
        asyncio.run(publish_programme(stack.kafka, prefix))
        wait_until(
            lambda: httpx.post(f"{url}/applications", json=BODY).status_code == 201,
            timeout=60,
            what="the programme to reach the applications service",
        )
        write = wrk(f"{url}/applications")
        steady = open_loop(f"{url}/applications", pid, dsn)
        read = wrk(url, _service_targets(url))
    finally:
        stop_pid(pid)
    return write, steady, read


def measure(stack: BenchStack) -> tuple[dict[str, object], list[dict[str, Any]]]:
    prefix = "bench."
    asyncio.run(ensure_topics(stack.kafka, ALL_TOPICS, prefix=prefix))
    baseline_db = asyncio.run(stack.fresh_database("bench_baseline"))
    service_db = asyncio.run(stack.fresh_database("bench_applications"))
    baseline, baseline_open, baseline_read = measure_baseline(baseline_db)
    service, service_open, service_read = measure_service(stack, service_db, prefix)
    bare_insert, bare_select = "bare FastAPI+asyncpg INSERT", "bare FastAPI+asyncpg SELECT"
    rps, p99 = "requests_per_second", "p99_ms"
    headlines = [
        headline(
            "POST /applications throughput", service[rps], "req/s", bare_insert, baseline[rps]
        ),
        headline("POST /applications p99", service[p99], "ms", bare_insert, baseline[p99]),
        *(
            headline(
                f"POST /applications p{p}, {OPEN_RATE} req/s open loop",
                service_open[f"p{p}_ms"],
                "ms",
                f"{bare_insert}, {OPEN_RATE} req/s open loop",
                baseline_open[f"p{p}_ms"],
            )
            for p in (50, 99)
        ),
        headline(
            "GET /applications/{id} throughput",
            service_read[rps],
            "req/s",
            bare_select,
            baseline_read[rps],
        ),
        headline(
            "GET /applications/{id} p99", service_read[p99], "ms", bare_select, baseline_read[p99]
        ),
    ]
    figures: dict[str, object] = {
        "unit": {"throughput": "requests/s", "latency": "ms"},
        "load": {
            "tool": "wrk",
            "connections": int(CONNECTIONS),
            "duration": DURATION,
            "read_duration": READ_DURATION,
            "read_targets": READ_TARGETS,
            "open_loop": {
                "tool": "vegeta",
                "rate_per_second": OPEN_RATE,
                "duration": OPEN_DURATION,
            },
        },
        "baseline_bare_fastapi_asyncpg_insert": baseline,
        "applications_post_submission": service,
        "ratio_throughput_vs_baseline": round(service[rps] / baseline[rps], 3),
        "ratio_p99_vs_baseline": round(service[p99] / baseline[p99], 3),
        "baseline_bare_fastapi_asyncpg_insert_open_loop": baseline_open,
        "applications_post_submission_open_loop": service_open,
        "ratio_open_loop_p99_vs_baseline": round(service_open[p99] / baseline_open[p99], 3),
        "baseline_bare_fastapi_asyncpg_select": baseline_read,
        "applications_get_status": service_read,
        "ratio_read_throughput_vs_baseline": round(service_read[rps] / baseline_read[rps], 3),
        "ratio_read_p99_vs_baseline": round(service_read[p99] / baseline_read[p99], 3),
    }
    return figures, headlines


if __name__ == "__main__":
    with bench_stack() as stack:
        write_result("submission_throughput", *measure(stack))

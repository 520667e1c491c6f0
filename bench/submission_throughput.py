"""Submission throughput and latency of POST /applications against a bare FastAPI baseline.

Both servers run as one uvicorn process each on this machine, against the same Postgres
(durable commits), loaded in turn by wrk with the same connections and duration. The
applications service does everything a real submission does: validation, the application
and contact rows, the outbox row, the relay publishing to Kafka meanwhile.
"""

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bench.support import BenchStack, bench_stack, free_port, write_result
from returners_cli.stack.processes import start_detached, stop_pid
from returners_platform.contracts.topics import ALL_TOPICS
from returners_platform.messaging.kafka import ensure_topics

HERE = Path(__file__).parent
DURATION = os.environ.get("BENCH_DURATION", "15s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "16")
BODY = {
    "programme_id": "bench-open",
    "contact": {
        "given_name": "Ada",
        "family_name": "Lovelace",
        "email": "ada@example.org",
        "phone": "+44 7700 900123",
        "postcode": "HP20 1UA",
    },
    "right_to_work_uk": True,
    "registration": {
        "body": "HCPC",
        "first_registered": "2004-09-01",
        "last_practised": "2014-06-30",
        "statutory_practice_years": 6,
        "currently_practising": False,
        "conditions_of_practice": False,
    },
    "preferences": {"regions": ["South East"], "specialisms": ["children"]},
    "consent": {"data_processing": True},
}


def wrk(url: str) -> dict[str, float]:
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk (make bench installs it)")
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{DURATION}",
            "--latency",
            "-s",
            str(HERE / "wrk_post.lua"),
            url,
        ],
        env={**os.environ, "BODY": json.dumps(BODY)},
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


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wait_ready(url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise TimeoutError(url)


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


def measure(stack: BenchStack) -> dict[str, object]:
    prefix = "bench."
    asyncio.run(ensure_topics(stack.kafka, ALL_TOPICS, prefix=prefix))
    baseline_db = asyncio.run(stack.fresh_database("bench_baseline"))
    service_db = asyncio.run(stack.fresh_database("bench_applications"))
    logs = Path("/tmp/returners-bench-logs")

    port = free_port()
    pid = start_detached(
        [sys.executable, str(HERE / "baseline_app.py"), str(port), baseline_db],
        pid_file=logs / "baseline.pid",
        log_file=logs / "baseline.log",
    )
    try:
        wait_ready(f"http://127.0.0.1:{port}/docs")
        baseline = wrk(f"http://127.0.0.1:{port}/items")
    finally:
        stop_pid(pid)

    port = free_port()
    env = {
        **os.environ,
        "RETURNERS_ENV": "test",
        "APPLICATIONS_PORT": str(port),
        "APPLICATIONS_DATABASE_URL": service_db,
        "APPLICATIONS_KAFKA_BOOTSTRAP_SERVERS": stack.kafka,
        "APPLICATIONS_KAFKA_TOPIC_PREFIX": prefix,
        "APPLICATIONS_SUBMISSIONS_PER_MINUTE": "0",
        "APPLICATIONS_LOG_LEVEL": "WARNING",
    }
    pid = start_detached(
        [sys.executable, "-m", "applications"],
        pid_file=logs / "apps.pid",
        log_file=logs / "applications.log",
        env=env,
    )
    try:
        wait_ready(f"http://127.0.0.1:{port}/readyz")
        asyncio.run(publish_programme(stack.kafka, prefix))
        deadline = time.monotonic() + 60
        while httpx.post(f"http://127.0.0.1:{port}/applications", json=BODY).status_code != 201:
            if time.monotonic() > deadline:
                raise TimeoutError("the programme never reached the applications service")
            time.sleep(0.3)
        service = wrk(f"http://127.0.0.1:{port}/applications")
    finally:
        stop_pid(pid)
    return {
        "unit": {"throughput": "requests/s", "latency": "ms"},
        "load": {"tool": "wrk", "connections": int(CONNECTIONS), "duration": DURATION},
        "baseline_bare_fastapi_asyncpg_insert": baseline,
        "applications_post_submission": service,
        "ratio_throughput_vs_baseline": round(
            service["requests_per_second"] / baseline["requests_per_second"], 3
        ),
        "ratio_p99_vs_baseline": round(service["p99_ms"] / baseline["p99_ms"], 3),
    }


if __name__ == "__main__":
    with bench_stack() as stack:
        write_result("submission_throughput", measure(stack))

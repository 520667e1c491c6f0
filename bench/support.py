"""What every benchmark shares: a real Kafka and Postgres, result files, percentiles.

Benchmarks report ratios against a baseline measured in the same run on the same
machine, so the figures mean something on any hardware.
"""

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg

from returners_cli.stack.kafka import STACK_HEAP, STACK_JVM_OPTIONS
from returners_cli.stack.scratch import scratch_broker, scratch_home, scratch_postgres

RESULTS = Path(__file__).parent / "results"
# Each benchmark's output, and the processes it starts, log here.
LOGS = Path(tempfile.gettempdir()) / "returners-bench-logs"


@dataclass(frozen=True)
class BenchStack:
    kafka: str
    admin_dsn: str
    broker_heap: str | None = None  # the broker's -Xmx, where known

    def dsn(self, database: str) -> str:
        base, _, _ = self.admin_dsn.rpartition("/")
        return f"{base}/{database}"

    async def fresh_database(self, name: str) -> str:
        conn = await asyncpg.connect(self.admin_dsn)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()
        return self.dsn(name)


@contextmanager
def bench_stack() -> Iterator[BenchStack]:
    """KAFKA_BOOTSTRAP_SERVERS / DATABASE_URL if set (BENCH_BROKER_HEAP: that broker's
    heap, if known), else a broker (the platform's heap and JIT, ``STACK_HEAP`` and
    ``STACK_JVM_OPTIONS``) and server of our own."""
    if os.environ.get("KAFKA_BOOTSTRAP_SERVERS") and os.environ.get("DATABASE_URL"):
        yield BenchStack(
            os.environ["KAFKA_BOOTSTRAP_SERVERS"],
            os.environ["DATABASE_URL"],
            os.environ.get("BENCH_BROKER_HEAP") or None,
        )
        return
    home = scratch_home("returners-bench-")
    broker = scratch_broker(home, heap=STACK_HEAP, jvm_options=STACK_JVM_OPTIONS)
    server = scratch_postgres(home)
    broker.start()
    server.start()
    try:
        yield BenchStack(broker.bootstrap, server.dsn(), broker.heap)
    finally:
        broker.stop()
        server.stop()
        subprocess.run(["rm", "-rf", str(home)], check=False)


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0-100) by linear interpolation."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return float(values[0])
    return float(statistics.quantiles(values, n=1000, method="inclusive")[int(p * 10) - 1])


def headline(
    figure: str, value: float, unit: str, baseline: str, baseline_value: float
) -> dict[str, Any]:
    """One line of the summary: a figure, its same-run baseline, and value / baseline."""
    return {
        "figure": figure,
        "value": value,
        "unit": unit,
        "baseline": baseline,
        "baseline_value": baseline_value,
        "ratio": round(value / baseline_value, 3) if baseline_value else None,
    }


def machine() -> dict[str, object]:
    """What ran it; the load average says how busy the machine was meanwhile (other work
    on it shifts absolute figures far more than the ratios)."""
    return {
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def write_result(
    name: str, figures: Mapping[str, object], headlines: Sequence[Mapping[str, Any]] = ()
) -> Path:
    """``bench/results/<name>.json``: the figures, plus the headlines the summary shows."""
    RESULTS.mkdir(exist_ok=True)
    document = {
        "benchmark": name,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "headlines": list(headlines),
        **figures,
    }
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(document, indent=2) + "\n")
    print(json.dumps(document, indent=2))
    return path

"""CPU time the local stack spends, per part, from ``/proc`` (Linux).

The parts are those of ``bench.memory`` (each service and its children, the reporting
worker, the mail catcher, the broker's JVM, the Postgres server and every backend). Two
readings bracket a measured run; the difference, per part and divided by the work done in
between, is what each unit of work cost the machine: on two cores every millisecond of it
is a millisecond some other process on the critical path may wait for.

A process that exits between the readings takes its time with it (a Postgres backend whose
connection closed), so the figures are a floor for parts that fork and reap.
"""

import os
from collections.abc import Iterable
from pathlib import Path

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")

CpuReading = dict[str, dict[int, float]]


def process_cpu_seconds(pid: int) -> float | None:
    """User and system time of ``pid`` (all its threads) so far, or None if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # after the command, which may hold spaces
    return (int(fields[11]) + int(fields[12])) / TICKS_PER_SECOND  # utime, stime


def reading(groups: dict[str, Iterable[int]]) -> CpuReading:
    """Each part's processes' CPU seconds so far, by pid."""
    found: CpuReading = {}
    for name, pids in groups.items():
        found[name] = {}
        for pid in pids:
            seconds = process_cpu_seconds(pid)
            if seconds is not None:
                found[name][pid] = seconds
    return found


def spent_ms(before: CpuReading, after: CpuReading, per: float) -> dict[str, float]:
    """CPU milliseconds each part spent between the readings, divided by ``per`` (the units
    of work done between them), with the whole stack's sum as ``total``; largest first."""
    spent = {
        name: sum(s - before.get(name, {}).get(pid, 0.0) for pid, s in pids.items())
        for name, pids in after.items()
    }
    by_part = {name: round(ms * 1000 / per, 2) for name, ms in spent.items()}
    ordered = dict(sorted(by_part.items(), key=lambda item: -item[1]))
    return {"total": round(sum(by_part.values()), 2), **ordered}

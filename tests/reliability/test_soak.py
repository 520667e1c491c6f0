"""Soak: the journey every applicant takes (submit -> eligibility decision -> two emails ->
the funnel), through every service, at a steady rate for about twenty minutes
(``make soak``; not part of ``make test``).

Each minute it samples, per process, resident memory, open file descriptors and sockets;
each consumer group's lag; each service's outbox backlog (its own /metrics); and the lines
each service logged at error level. At the end, once the stream stops: every service
process's memory grew at most MAX_GROWTH from the first sample after the warm-up to the last,
lag and backlog are back to zero, no error line was logged after the warm-up (the clients'
start-up noise, such as aiokafka's "Group Coordinator Request failed" while a new group's
coordinator is elected, is counted but not held against it), and nothing a client was told
succeeded is lost or doubled. The samples and the verdict go to bench/results/soak.json, and
the figures to README.md between the ``soak:results`` markers (SOAK_UPDATE_README=0 leaves
it alone).

Knobs: SOAK_MINUTES (20, warm-up included), SOAK_WARMUP_MINUTES (3), SOAK_RATE (6 a second),
SOAK_UPDATE_README (1).
"""

import json
import os
import platform as host
import re
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from returners_cli.stack.kafka import KafkaBroker
from returners_cli.stack.paths import repo_root
from returners_cli.stack.scratch import scratch_broker, scratch_home, scratch_postgres
from returners_cli.testing.polling import eventually

from .convergence import converge
from .faults import consumer_groups
from .observe import consumer_lag
from .platform import Platform, running_platform

pytestmark = [pytest.mark.integration, pytest.mark.soak]

MINUTES = float(os.environ.get("SOAK_MINUTES", "20"))
WARMUP_MINUTES = float(os.environ.get("SOAK_WARMUP_MINUTES", "3"))
RATE = float(os.environ.get("SOAK_RATE", "6"))
MAX_GROWTH = 0.10  # resident memory, last sample over the first after the warm-up
DRAIN_TIMEOUT = 300.0
RESULT = repo_root() / "bench" / "results" / "soak.json"
README = repo_root() / "README.md"
START, END = "<!-- soak:results:start -->", "<!-- soak:results:end -->"
ERROR_LINE = re.compile(r'"level":\s*"(error|critical)"|Traceback \(most recent call last\)')


@pytest.fixture(scope="module")
def platform() -> Iterator[Platform]:
    home = scratch_home("returners-soak-")
    # The relays run inside their services (as deployed), so each /metrics has its backlog.
    with running_platform(
        home,
        scratch_broker(home),
        scratch_postgres(home),
        logs="soak-logs",
        phases=1,
        standalone_relays=(),
        per_second=RATE,
    ) as running:
        yield running


@dataclass
class Sample:
    minute: float
    accepted: int
    processes: dict[str, dict[str, float]]  # name -> rss_mb, fds, sockets
    consumer_lag: dict[str, int]
    outbox_backlog: dict[str, int]
    error_lines: dict[str, int]


@dataclass
class Soak:
    started: str
    rate_per_second: float
    minutes: float
    warmup_minutes: float
    machine: str
    samples: list[Sample] = field(default_factory=list)
    verdict: dict[str, Any] = field(default_factory=dict)


def processes(platform: Platform) -> dict[str, int]:
    """Every process of the platform by name: the services, reporting's faust worker, the
    broker and Postgres' postmaster."""
    pids: dict[str, int | None] = {n: s.pid() for n, s in platform.cluster.services.items()}
    children = platform.cluster["reporting"].children()
    pids["reporting-worker"] = children[0] if children else None
    if isinstance(platform.broker, KafkaBroker):
        pids["kafka"] = platform.broker.running_pid()
    pid_file = platform.postgres.data_dir / "postmaster.pid"
    pids["postgres"] = int(pid_file.read_text().split()[0]) if pid_file.exists() else None
    return {name: pid for name, pid in pids.items() if pid is not None}


def usage(pid: int) -> dict[str, float]:
    status = Path(f"/proc/{pid}/status").read_text()
    rss_kb = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
    fds = list(Path(f"/proc/{pid}/fd").iterdir())
    sockets = sum(1 for fd in fds if _link(fd).startswith("socket:"))
    return {"rss_mb": round(rss_kb / 1024, 1), "fds": len(fds), "sockets": sockets}


def _link(fd: Path) -> str:
    try:
        return os.readlink(fd)
    except OSError:
        return ""


async def outbox_backlog(platform: Platform) -> dict[str, int]:
    """``returners_outbox_backlog`` from each publishing service's /metrics."""
    backlog = {}
    async with httpx.AsyncClient(timeout=10) as client:
        for name, service in platform.cluster.services.items():
            text = (await client.get(f"{service.url}/metrics")).text
            found = re.search(r"^returners_outbox_backlog\s+([0-9.e+]+)$", text, re.MULTILINE)
            if found:
                backlog[name] = int(float(found.group(1)))
    return backlog


def error_lines(platform: Platform) -> dict[str, int]:
    return {
        name: len(ERROR_LINE.findall(s.log_file.read_text(errors="replace")))
        for name, s in platform.cluster.services.items()
    }


async def sample(platform: Platform, minute: float) -> Sample:
    return Sample(
        minute=round(minute, 2),
        accepted=len(platform.stream.accepted_for()),
        processes={name: usage(pid) for name, pid in processes(platform).items()},
        consumer_lag=await consumer_lag(platform.bootstrap, consumer_groups(platform.prefix)),
        outbox_backlog=await outbox_backlog(platform),
        error_lines=error_lines(platform),
    )


def growth(samples: list[Sample]) -> dict[str, float]:
    """Per process: resident memory at the end over the first sample after the warm-up."""
    base = next(s for s in samples if s.minute >= WARMUP_MINUTES)
    last = samples[-1]
    return {
        name: round(last.processes[name]["rss_mb"] / base.processes[name]["rss_mb"] - 1, 4)
        for name in base.processes
        if name in last.processes
    }


def write(soak: Soak) -> None:
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(asdict(soak), indent=2) + "\n")


def errors_after_warmup(samples: list[Sample]) -> dict[str, int]:
    """Per service: error lines logged from the first sample after the warm-up to the last."""
    base = next(s for s in samples if s.minute >= WARMUP_MINUTES)
    last = samples[-1]
    return {name: n - base.error_lines.get(name, 0) for name, n in last.error_lines.items()}


def figures(soak: Soak) -> str:
    """The README's table: per process, memory after the warm-up and at the end, and the
    drained end's lag, backlog and error lines."""
    verdict = soak.verdict
    base = next(s for s in soak.samples if s.minute >= WARMUP_MINUTES)
    last = soak.samples[-2]  # the soak's last minute (the final sample is after the drain)
    lines = [
        f"Measured {soak.started[:10]}: {soak.minutes:g} minutes at {soak.rate_per_second:g} "
        f"submissions/s ({verdict['submissions_accepted']} accepted; {verdict['lost']} lost, "
        f"{verdict['duplicated']} doubled), warm-up {soak.warmup_minutes:g} minutes, "
        f"{soak.machine}. Verdict: {'passed' if verdict['passed'] else 'FAILED'}.",
        "",
        "| process | RSS after warm-up | RSS at the end | growth | fds (sockets) at the end "
        "| error lines after warm-up |",
        "|---|---|---|---|---|---|",
    ]
    errors = verdict["error_lines_after_warmup"]
    for name, usage in base.processes.items():
        end = last.processes.get(name, {})
        grew = verdict["memory_growth_after_warmup"].get(name)
        limit = "" if name in UNCHECKED else f" (limit {MAX_GROWTH:.0%})"
        lines.append(
            f"| {name} | {usage['rss_mb']:.0f} MB | {end.get('rss_mb', 0):.0f} MB | "
            f"{'-' if grew is None else f'{grew:+.1%}'}{limit} | "
            f"{end.get('fds', 0):.0f} ({end.get('sockets', 0):.0f}) | "
            f"{errors.get(name, '-')} |"
        )
    peak_lag = max(sum(s.consumer_lag.values()) for s in soak.samples[:-1])
    peak_backlog = max(sum(s.outbox_backlog.values()) for s in soak.samples[:-1])
    lines += [
        "",
        f"Consumer lag: at most {peak_lag} records over every group at a minute's sample, "
        f"{sum(verdict['consumer_lag_at_end'].values())} at the end; outbox backlog: at most "
        f"{peak_backlog} rows, {sum(verdict['outbox_backlog_at_end'].values())} at the end "
        f"(drained {verdict['drained_in_seconds']:g} s after the stream stopped).",
    ]
    return "\n".join(lines)


def update_readme(soak: Soak) -> None:
    text = README.read_text()
    if START not in text or END not in text or os.environ.get("SOAK_UPDATE_README") == "0":
        return
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    README.write_text(f"{head}{START}\n{figures(soak)}\n{END}{tail}")


# Not held to MAX_GROWTH: the JVM's heap and Postgres' shared buffers fill up to their
# configured sizes by design (their figures are still recorded).
UNCHECKED = ("kafka", "postgres")


@pytest.mark.timeout(int(MINUTES * 60 + DRAIN_TIMEOUT * 3 + 600))
async def test_the_platform_holds_steady_for_twenty_minutes(platform: Platform) -> None:
    soak = Soak(
        started=datetime.now(UTC).isoformat(timespec="seconds"),
        rate_per_second=RATE,
        minutes=MINUTES,
        warmup_minutes=WARMUP_MINUTES,
        machine=f"{os.cpu_count()} CPUs, Python {host.python_version()}",
    )
    started = time.monotonic()
    for minute in range(1, int(MINUTES) + 1):
        await eventually(
            lambda: time.monotonic() - started,
            until=lambda elapsed, minute=minute: elapsed >= minute * 60,
            timeout=90,
            interval=1.0,
            what=f"minute {minute}",
        )
        soak.samples.append(await sample(platform, (time.monotonic() - started) / 60))
        write(soak)
        print(f"soak minute {minute}: {soak.samples[-1]}", flush=True)

    platform.stream.stop(drain=60)
    groups = consumer_groups(platform.prefix)
    drained_at = time.monotonic()
    lag = await eventually(
        lambda: consumer_lag(platform.bootstrap, groups),
        until=lambda lag: not any(lag.values()),
        timeout=DRAIN_TIMEOUT,
        interval=2.0,
        what="consumer lag back to zero",
    )
    backlog = await eventually(
        lambda: outbox_backlog(platform),
        until=lambda backlog: not any(backlog.values()),
        timeout=DRAIN_TIMEOUT,
        interval=2.0,
        what="outbox backlog back to zero",
    )
    drained = time.monotonic() - drained_at
    accepted = platform.stream.accepted_for()
    tally = await converge(
        platform.view,
        platform.bootstrap,
        platform.prefix,
        accepted,
        platform.programmes,
        platform.cluster.maildir,
        timeout=DRAIN_TIMEOUT,
    )
    soak.samples.append(await sample(platform, (time.monotonic() - started) / 60))
    grew = growth(soak.samples[:-1])  # the soak's own minutes, not the drained end
    checked = {name: g for name, g in grew.items() if name not in UNCHECKED}
    errors = errors_after_warmup(soak.samples)
    soak.verdict = {
        "submissions_accepted": len(accepted),
        "client_gave_up": len(platform.stream.gave_up()),
        "lost": tally.lost,
        "duplicated": tally.duplicated,
        "problems": tally.problems[:20],
        "memory_growth_after_warmup": grew,
        "max_growth_allowed": MAX_GROWTH,
        "memory_growth_not_checked": list(UNCHECKED),
        "consumer_lag_at_end": lag,
        "outbox_backlog_at_end": backlog,
        "drained_in_seconds": round(drained, 1),
        "error_lines_total": soak.samples[-1].error_lines,
        "error_lines_after_warmup": errors,
        "passed": tally.lost == 0
        and tally.duplicated == 0
        and not platform.stream.gave_up()
        and all(g <= MAX_GROWTH for g in checked.values())
        and not any(errors.values()),
    }
    write(soak)
    update_readme(soak)
    print(json.dumps(soak.verdict, indent=2))
    assert tally.lost == 0, tally.problems
    assert tally.duplicated == 0, tally.problems
    assert not platform.stream.gave_up(), platform.stream.gave_up()[:5]
    assert all(g <= MAX_GROWTH for g in checked.values()), f"memory grew: {checked}"
    assert not any(errors.values()), f"error lines after the warm-up: {errors}"

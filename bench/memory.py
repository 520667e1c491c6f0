"""Resident memory of the local stack, per process, from ``/proc`` (Linux).

Each part of the stack is a group of processes: a service and its children (reporting's
faust worker is counted apart, as ``reporting-worker``), a standalone relay, the mail
catcher, the Kafka broker's JVM and the Postgres server (its postmaster and every process
it forked: background workers and one backend per connection). The broker and the server
are found by the port they listen on, so it works whoever started them.

RSS counts every page a process has resident, shared ones too, so a group's RSS sum counts
Postgres' shared buffers once per process that touched them; PSS (``smaps_rollup``) shares
each page among the processes mapping it, and sums to what the group really holds. Both are
reported; the headline is RSS, the larger.
"""

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

KIB_PER_MIB = 1024


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


def tree(pid: int | None) -> list[int]:
    """``pid`` and every process descended from it."""
    if pid is None:
        return []
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        pending.extend(children(current))
    return found


def listening_pid(port: int) -> int | None:
    """The process listening on TCP ``port`` (the oldest, where forks share the socket)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # LISTEN
                inodes.add(f"socket:[{fields[9]}]")
    owners = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            links = {os.readlink(fd) for fd in (entry / "fd").iterdir()}
        except OSError:
            continue
        if links & inodes:
            owners.append(int(entry.name))
    return min(owners) if owners else None


def port_of(address: str) -> int:
    """The port of ``host:port`` (the first of a bootstrap list) or of a database URL."""
    first = address.split(",")[0]
    parsed = urlsplit(first if "://" in first else f"//{first}")
    assert parsed.port is not None, address
    return parsed.port


def _kib(path: str, field: str) -> int:
    try:
        found = re.search(rf"^{field}:\s+(\d+) kB", Path(path).read_text(), re.MULTILINE)
    except OSError:
        return 0
    return int(found.group(1)) if found else 0


def process_memory(pid: int) -> dict[str, Any]:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        command = ""
    return {
        "pid": pid,
        "command": command.strip()[:120],
        "rss_kib": _kib(f"/proc/{pid}/status", "VmRSS"),
        "pss_kib": _kib(f"/proc/{pid}/smaps_rollup", "Pss"),
    }


def snapshot(groups: dict[str, Iterable[int]]) -> dict[str, Any]:
    """Every group's processes, each group's sums and the whole stack's, in MiB."""
    parts: dict[str, Any] = {}
    for name, pids in groups.items():
        processes = [p for p in (process_memory(pid) for pid in pids) if p["rss_kib"]]
        parts[name] = {
            "rss_mib": round(sum(p["rss_kib"] for p in processes) / KIB_PER_MIB, 1),
            "pss_mib": round(sum(p["pss_kib"] for p in processes) / KIB_PER_MIB, 1),
            "processes": [
                {
                    "pid": p["pid"],
                    "command": p["command"],
                    "rss_mib": round(p["rss_kib"] / KIB_PER_MIB, 1),
                    "pss_mib": round(p["pss_kib"] / KIB_PER_MIB, 1),
                }
                for p in processes
            ],
        }
    return {
        "total_rss_mib": round(sum(p["rss_mib"] for p in parts.values()), 1),
        "total_pss_mib": round(sum(p["pss_mib"] for p in parts.values()), 1),
        "process_count": sum(len(p["processes"]) for p in parts.values()),
        "parts": parts,
    }


def infrastructure_mib(
    sample: dict[str, Any], names: Iterable[str] = ("kafka", "postgres"), measure: str = "rss_mib"
) -> float:
    """The memory (``rss_mib`` or ``pss_mib``) of the broker and the database server alone,
    in one snapshot."""
    return round(sum(sample["parts"][n][measure] for n in names if n in sample["parts"]), 1)

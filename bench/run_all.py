"""``make bench``: every benchmark in turn, then ``bench/results/summary.json`` and a table.

Run: ``python -m bench.run_all`` from the repository root. One Kafka broker and one
Postgres server are started for the whole run (or ``KAFKA_BOOTSTRAP_SERVERS`` and
``DATABASE_URL`` are used when both are set); each benchmark runs as a subprocess of its
own against them, with databases and topic prefixes of its own, so one that fails or hangs
(``BENCH_TIMEOUT_SECONDS``, default 600) does not hide the others. The summary collects the
headline figures of every ``bench/results/*.json`` - each with its baseline from the same
run and the ratio - and the table between the ``bench:results`` markers in README.md is
rewritten from it (``BENCH_UPDATE_README=0`` leaves the README alone).

``BENCH_ONLY=end_to_end,matching`` runs a subset; the summary still shows every result.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.support import LOGS, RESULTS, bench_stack

ROOT = Path(__file__).parents[1]
README = ROOT / "README.md"
START, END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"
BENCHMARKS = {  # result name -> module; in the order they run
    "matching": "bench.matching_bench",
    "submission_throughput": "bench.submission_throughput",
    "outbox_relay": "bench.outbox_relay",
    "end_to_end": "bench.end_to_end",
    "reporting_replay": "bench.reporting_replay",
}
TIMEOUT = float(os.environ.get("BENCH_TIMEOUT_SECONDS", "600"))


def _interruptible() -> None:
    """In the child before exec: SIGINT back to its default, so Python turns it into
    KeyboardInterrupt even when ``make bench`` runs in the background (where it is ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run(name: str, module: str, env: dict[str, str]) -> dict[str, Any]:
    """One benchmark as a subprocess; its output goes to a log file."""
    LOGS.mkdir(parents=True, exist_ok=True)
    log_file = LOGS / f"{name}.log"
    started = time.monotonic()
    print(f"-> {name} (log: {log_file})", flush=True)
    with log_file.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", module],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=_interruptible,
        )
        try:
            code = process.wait(timeout=TIMEOUT)
            status = "ok" if code == 0 else f"failed (exit {code})"
        except subprocess.TimeoutExpired:
            # SIGINT first: the benchmark's finally blocks stop what it started.
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            status = f"timed out after {TIMEOUT:.0f}s"
    seconds = round(time.monotonic() - started, 1)
    print(f"   {name}: {status} in {seconds}s", flush=True)
    if status != "ok":
        print("".join(log_file.read_text().splitlines(keepends=True)[-30:]), flush=True)
    return {"status": status, "seconds": seconds, "log": str(log_file)}


def summarise(runs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    benchmarks = {}
    for name in BENCHMARKS:
        path = RESULTS / f"{name}.json"
        result = json.loads(path.read_text()) if path.exists() else {}
        benchmarks[name] = {
            "measured_at": result.get("measured_at"),
            "machine": result.get("machine"),
            "headlines": result.get("headlines", []),
            "this_run": runs.get(name, {"status": "not run"}),
        }
    return {"benchmarks": benchmarks}


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def _machine(machine: dict[str, Any] | None) -> str:
    if not machine:
        return "-"
    load = machine.get("load_average") or ["?"]
    return f"{machine['cpus']} CPUs, Python {machine['python']}, load {load[0]}"


def table(summary: dict[str, Any]) -> str:
    lines = [
        "| benchmark | figure | value | baseline (same run) | ratio | machine |",
        "|---|---|---|---|---|---|",
    ]
    for name, bench in summary["benchmarks"].items():
        status = bench["this_run"]["status"]
        label = name if status in ("ok", "not run") else f"{name} (stale: {status} this run)"
        for h in bench["headlines"]:
            lines.append(
                f"| {label} | {h['figure']} | {_number(h['value'])} {h['unit']}"
                f" | {h['baseline']}: {_number(h['baseline_value'])} {h['unit']}"
                f" | {h['ratio']} | {_machine(bench['machine'])} |"
            )
    return "\n".join(lines)


def update_readme(markdown: str, summary: dict[str, Any]) -> None:
    text = README.read_text()
    if START not in text or END not in text:
        print(f"README.md has no {START} ... {END} markers: not updated")
        return
    dates = sorted(b["measured_at"] for b in summary["benchmarks"].values() if b["measured_at"])
    days = sorted({d[:10] for d in dates})
    stamp = f"Measured {' to '.join(days[:: max(len(days) - 1, 1)])}." if days else ""
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    README.write_text(f"{head}{START}\n{stamp}\n\n{markdown}\n{END}{tail}")


def main() -> int:
    only = [n.strip() for n in os.environ.get("BENCH_ONLY", "").split(",") if n.strip()]
    unknown = set(only) - set(BENCHMARKS)
    if unknown:
        sys.exit(f"unknown benchmarks {sorted(unknown)}; known: {', '.join(BENCHMARKS)}")
    selected = {n: m for n, m in BENCHMARKS.items() if not only or n in only}
    runs: dict[str, dict[str, Any]] = {}
    with bench_stack() as stack:
        env = {
            **os.environ,
            "KAFKA_BOOTSTRAP_SERVERS": stack.kafka,
            "DATABASE_URL": stack.admin_dsn,
            "BENCH_BROKER_HEAP": stack.broker_heap or "",
        }
        for name, module in selected.items():
            runs[name] = run(name, module, env)
    summary = summarise(runs)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    markdown = table(summary)
    print(f"\n{markdown}\n")
    if os.environ.get("BENCH_UPDATE_README", "1") != "0":
        update_readme(markdown, summary)
    failed = [n for n, r in runs.items() if r["status"] != "ok"]
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""A process started with a ``nice`` gives way to the others while the CPU is contended:
its own nice is raised and, under Linux's scheduler autogroup, its session's."""

import os
import sys
from pathlib import Path

from returners_cli.stack.processes import start_detached, stop_pid


def _started(tmp_path: Path, nice: int) -> int:
    return start_detached(
        [sys.executable, "-c", "import time; time.sleep(60)"],
        pid_file=tmp_path / "sleeper.pid",
        log_file=tmp_path / "sleeper.log",
        nice=nice,
    )


def _autogroup_nice(pid: int) -> int | None:
    """The nice of the process's autogroup ("/autogroup-12 nice 10"); None without one."""
    try:
        return int(Path(f"/proc/{pid}/autogroup").read_text().split()[-1])
    except OSError:
        return None


def test_a_background_process_runs_niced_in_a_niced_session(tmp_path: Path) -> None:
    pid = _started(tmp_path, nice=10)
    try:
        assert os.getpriority(os.PRIO_PROCESS, pid) == 10
        assert _autogroup_nice(pid) in (10, None)
        assert os.getsid(pid) == pid  # its own session, whose weight it sets
    finally:
        stop_pid(pid, timeout=5)


def test_a_process_started_without_a_nice_keeps_the_usual_priority(tmp_path: Path) -> None:
    pid = _started(tmp_path, nice=0)
    try:
        assert os.getpriority(os.PRIO_PROCESS, pid) == 0
        assert _autogroup_nice(pid) in (0, None)
    finally:
        stop_pid(pid, timeout=5)

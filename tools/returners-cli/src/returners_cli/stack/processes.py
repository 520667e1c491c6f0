"""Background processes with pid files: start detached, check, stop (TERM, then KILL)."""

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (exited child not yet reaped) is not alive
        status = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        return status != "Z"
    except OSError:
        return True


def read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().strip())
    except (OSError, ValueError):
        return None


def running_pid(pid_file: Path) -> int | None:
    pid = read_pid(pid_file)
    return pid if pid is not None and pid_alive(pid) else None


def start_detached(
    argv: Sequence[str],
    *,
    pid_file: Path,
    log_file: Path,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> int:
    """Start ``argv`` in its own session, at the usual priority, output to ``log_file``;
    record its pid."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("ab") as log:
        process = subprocess.Popen(
            list(argv),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=dict(env) if env is not None else None,
            cwd=cwd,
            start_new_session=True,
        )
    pid_file.write_text(str(process.pid))
    return process.pid


def lower_priority(pid: int, nice: int) -> None:
    """Give a running process, started in its own session, less of the CPU while the CPU is
    contended.

    The ``nice`` of each of its threads is raised (what counts where the kernel weighs them
    one by one; threads it starts later inherit it), and so is its session's: Linux's
    scheduler autogroup (``/proc/sys/kernel/sched_autogroup_enabled``) weighs each session
    as one, and a thread's own nice then only ranks it within its session. Any user may
    lower their own processes' priority; where refused or missing, the usual priority stays.

    Callers lower a service once it is ready, not at its start: a start-up at nice 10 on a
    busy CPU can take minutes.
    """
    for thread in thread_ids(pid):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, thread, nice)
    with contextlib.suppress(OSError):
        Path(f"/proc/{pid}/autogroup").write_text(f"{nice}\n")


def thread_ids(pid: int) -> list[int]:
    """The ids of a process's threads (its own pid first); none once it has ended."""
    try:
        return sorted((int(t) for t in os.listdir(f"/proc/{pid}/task")), key=lambda t: t != pid)
    except OSError:
        return []


def stop_pid(pid: int, *, timeout: float = 20.0, sig: int = signal.SIGTERM) -> None:
    """Signal the process group, wait for it to end, then KILL whatever is left."""
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        return
    except PermissionError:
        os.kill(pid, sig)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _reap(pid)
        if not pid_alive(pid):
            return
        time.sleep(0.1)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and pid_alive(pid):
        _reap(pid)
        time.sleep(0.05)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def stop_pid_file(pid_file: Path, *, timeout: float = 20.0) -> bool:
    """Stop the process named by ``pid_file``; True if one was running."""
    pid = running_pid(pid_file)
    if pid is not None:
        stop_pid(pid, timeout=timeout)
    pid_file.unlink(missing_ok=True)
    return pid is not None


def wait_until(
    check: Callable[[], bool], *, timeout: float, what: str, interval: float = 0.2
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")


def read_pid_first_line(pid_file: Path) -> int | None:
    """The pid on the first line of a file such as Postgres' ``postmaster.pid``."""
    try:
        return int(pid_file.read_text().splitlines()[0].strip())
    except (OSError, ValueError, IndexError):
        return None

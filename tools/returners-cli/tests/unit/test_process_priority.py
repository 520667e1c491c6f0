"""Background work gives way to the rest while the CPU is contended, once it has started:
every thread's nice is raised and, under Linux's scheduler autogroup, its session's; it
starts at the usual priority, so that a busy CPU does not starve its start-up."""

import os
import sys
import textwrap
from pathlib import Path

from returners_cli.stack.local import ServiceSpec
from returners_cli.stack.processes import (
    lower_priority,
    start_detached,
    stop_pid,
    thread_ids,
    wait_until,
)
from returners_cli.testing.cluster import ServiceProcess
from returners_cli.testing.fixtures import free_port

# A process with a second thread, so that "every thread" is more than the main one.
TWO_THREADS = "import threading, time; threading.Thread(target=time.sleep, args=(60,)).start()"


def _started(tmp_path: Path) -> int:
    return start_detached(
        [sys.executable, "-c", TWO_THREADS],
        pid_file=tmp_path / "sleeper.pid",
        log_file=tmp_path / "sleeper.log",
    )


def _thread_nices(pid: int) -> list[int]:
    return [os.getpriority(os.PRIO_PROCESS, thread) for thread in thread_ids(pid)]


def _autogroup_nice(pid: int) -> int | None:
    """The nice of the process's autogroup ("/autogroup-12 nice 10"); None without one."""
    try:
        return int(Path(f"/proc/{pid}/autogroup").read_text().split()[-1])
    except OSError:
        return None


def _until_it_has_two_threads(pid: int) -> None:
    wait_until(lambda: len(thread_ids(pid)) == 2, timeout=10, what="the second thread")


def test_a_process_starts_at_the_usual_priority_in_a_session_of_its_own(tmp_path: Path) -> None:
    pid = _started(tmp_path)
    try:
        _until_it_has_two_threads(pid)
        assert _thread_nices(pid) == [0, 0]
        assert _autogroup_nice(pid) in (0, None)
        assert os.getsid(pid) == pid  # its own session, whose weight lower_priority sets
    finally:
        stop_pid(pid, timeout=5)


def test_a_lowered_process_runs_niced_in_every_thread_and_in_a_niced_session(
    tmp_path: Path,
) -> None:
    pid = _started(tmp_path)
    try:
        _until_it_has_two_threads(pid)
        lower_priority(pid, 10)
        assert _thread_nices(pid) == [10, 10]
        assert _autogroup_nice(pid) in (10, None)
    finally:
        stop_pid(pid, timeout=5)


# A "service" that records the priority it started at, then answers /readyz.
SERVICE = """
    import http.server, os
    with open(os.environ["START_NICE_FILE"], "w") as f:
        f.write(str(os.getpriority(os.PRIO_PROCESS, 0)))

    class Ready(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()

    http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Ready).serve_forever()
"""


def test_a_background_service_starts_at_the_usual_priority_and_gives_way_once_ready(
    tmp_path: Path,
) -> None:
    (tmp_path / "ready_service.py").write_text(textwrap.dedent(SERVICE))
    port = free_port()
    service = ServiceProcess(
        ServiceSpec("ready-service", "ready_service", port, "READY_"),
        {
            "PYTHONPATH": str(tmp_path),
            "PORT": str(port),
            "START_NICE_FILE": str(tmp_path / "start-nice"),
        },
        tmp_path,
        nice=10,
    )
    service.start()
    try:
        service.wait_ready(timeout=30)
        pid = service.pid()
        assert pid is not None
        assert (tmp_path / "start-nice").read_text() == "0"
        assert set(_thread_nices(pid)) == {10}
        assert _autogroup_nice(pid) in (10, None)
    finally:
        service.stop()

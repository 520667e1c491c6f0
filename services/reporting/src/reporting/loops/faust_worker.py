"""The faust worker as a supervised child of the API process (``REPORTING_RUN_WORKER``).

``python -m reporting`` then is the whole service: the API, and the worker restarted with
backoff should it exit. Deployments that scale them apart set ``REPORTING_RUN_WORKER=false``
and run ``python -m reporting.worker`` on their own.
"""

import asyncio
import os
import sys
import time

import structlog

from reporting.config import Settings
from returners_platform.backoff import Backoff
from returners_platform.service.runtime import HEALTHY_RUN_SECONDS
from returners_platform.service.settings import settings_environment

log = structlog.get_logger(__name__)

STOP_TIMEOUT_SECONDS = 30.0


def worker_environment(settings: Settings) -> dict[str, str]:
    """This process's environment, with every one of its settings (the worker shares them)."""
    return {**os.environ, **settings_environment(settings)}


async def run(settings: Settings) -> None:
    backoff = Backoff(initial=1.0, maximum=60.0)
    while True:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "reporting.worker", env=worker_environment(settings)
        )
        log.info("worker_started", pid=process.pid)
        started = time.monotonic()
        try:
            code = await process.wait()
        except asyncio.CancelledError:
            await _stop(process)
            raise
        if time.monotonic() - started > HEALTHY_RUN_SECONDS:
            backoff.reset()
        delay = backoff.next()
        log.warning("worker_exited", code=code, restart_in=delay)
        await asyncio.sleep(delay)


async def _stop(process: asyncio.subprocess.Process) -> None:
    """SIGTERM (faust finishes the batch in flight), then SIGKILL after the timeout."""
    if process.returncode is not None:
        return
    process.terminate()
    try:
        await asyncio.wait_for(process.wait(), STOP_TIMEOUT_SECONDS)
    except TimeoutError:
        log.warning("worker_killed", pid=process.pid)
        process.kill()
        await process.wait()

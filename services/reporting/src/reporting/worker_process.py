"""The faust worker as a supervised child of the API process (``REPORTING_RUN_WORKER``).

``python -m reporting`` then is the whole service: the API, and the worker restarted with
backoff should it exit. Deployments that scale them apart set ``REPORTING_RUN_WORKER=false``
and run ``python -m reporting.worker`` on their own.
"""

import asyncio
import os
import sys

import structlog

from reporting.config import Settings

log = structlog.get_logger(__name__)

# Settings the child must share with this process (secrets travel in the environment).
SHARED_SETTINGS = (
    "database_url",
    "kafka_bootstrap_servers",
    "kafka_topic_prefix",
    "kafka_create_topics",
    "kafka_replication_factor",
    "run_migrations",
    "log_level",
    "faust_app_id",
    "faust_data_dir",
    "batch_max_events",
    "batch_within_seconds",
    "worker_metrics_port",
    "host",
    "consumer_max_attempts",
    "consumer_backoff_initial_seconds",
    "consumer_backoff_max_seconds",
)
STOP_TIMEOUT_SECONDS = 30.0


def worker_environment(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env["RETURNERS_ENV"] = settings.environment
    for name in SHARED_SETTINGS:
        env[f"REPORTING_{name.upper()}"] = str(getattr(settings, name))
    return env


async def supervise_worker(settings: Settings) -> None:
    backoff = 1.0
    while True:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "reporting.worker", env=worker_environment(settings)
        )
        log.info("worker_started", pid=process.pid)
        try:
            code = await process.wait()
        except asyncio.CancelledError:
            await _stop(process)
            raise
        log.warning("worker_exited", code=code, restart_in=backoff)
        await asyncio.sleep(backoff)
        backoff = min(backoff * 2, 60.0)


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

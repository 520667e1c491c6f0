"""A real Prometheus server (Debian's ``prometheus`` package) for tests: it scrapes the given
``/metrics`` URLs and evaluates the given rule files as production does, only every second.

    async with prometheus_server({"notifications": url}, [RULES], workdir) as prometheus:
        await eventually(lambda: prometheus.alerts("ReturnersDeliveriesFailing"), ...)

Its configuration, data and log live in ``workdir``; it listens on a free port of 127.0.0.1
and is stopped when the block ends.
"""

import asyncio
import json
import os
import signal
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from returners_cli.testing.fixtures import free_port
from returners_cli.testing.polling import eventually

PROMETHEUS = Path("/usr/bin/prometheus")
PROMTOOL = Path("/usr/bin/promtool")
INSTALL_HINT = "apt-get install -y prometheus (make test installs it)"


def require(binary: Path) -> None:
    """Fail (never skip) when Debian's Prometheus binaries are missing."""
    if not os.access(binary, os.X_OK):
        raise AssertionError(f"{binary} is missing: {INSTALL_HINT}")


def scrape_config(
    targets: dict[str, str], rule_files: Sequence[Path], interval: str
) -> dict[str, Any]:
    """A configuration scraping each ``job -> /metrics URL`` and evaluating ``rule_files``."""
    jobs = []
    for job, url in sorted(targets.items()):
        parts = urlsplit(url)
        jobs.append(
            {
                "job_name": job,
                "scheme": parts.scheme or "http",
                "metrics_path": parts.path or "/metrics",
                "static_configs": [{"targets": [parts.netloc]}],
            }
        )
    return {
        "global": {
            "scrape_interval": interval,
            "scrape_timeout": interval,
            "evaluation_interval": interval,
        },
        "rule_files": [str(path) for path in rule_files],
        "scrape_configs": jobs,
    }


@dataclass
class PrometheusServer:
    url: str
    client: httpx.AsyncClient

    async def _data(self, path: str) -> Any:
        response = await self.client.get(f"{self.url}{path}")
        response.raise_for_status()
        return response.json()["data"]

    async def target_health(self) -> dict[str, str]:
        """Each job's last scrape: ``up``, ``down`` or ``unknown`` (not scraped yet)."""
        data = await self._data("/api/v1/targets")
        return {t["labels"]["job"]: t["health"] for t in data["activeTargets"]}

    async def alerts(self, name: str) -> list[dict[str, Any]]:
        """The alerts of that rule now pending or firing (``labels``, ``state``, ``activeAt``)."""
        data = await self._data("/api/v1/alerts")
        return [a for a in data["alerts"] if a["labels"].get("alertname") == name]


@asynccontextmanager
async def prometheus_server(
    targets: dict[str, str],
    rule_files: Sequence[Path],
    workdir: Path,
    *,
    interval: str = "1s",
) -> AsyncIterator[PrometheusServer]:
    require(PROMETHEUS)
    config = await asyncio.to_thread(
        _write_config, workdir, scrape_config(targets, rule_files, interval)
    )
    port = free_port()
    log_file = workdir / "prometheus.log"
    with log_file.open("ab") as log:
        process = await asyncio.create_subprocess_exec(
            str(PROMETHEUS),
            f"--config.file={config}",
            f"--storage.tsdb.path={workdir / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(timeout=10) as client:
            await eventually(
                lambda: _ready(client, url, process),
                timeout=60,
                interval=0.2,
                what=f"Prometheus ready at {url} (log: {log_file})",
            )
            yield PrometheusServer(url, client)
    finally:
        await _stop(process)


def _write_config(workdir: Path, config: dict[str, Any]) -> Path:
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "prometheus.yml"
    path.write_text(json.dumps(config, indent=2))  # JSON is YAML
    return path


async def _ready(client: httpx.AsyncClient, url: str, process: asyncio.subprocess.Process) -> bool:
    if process.returncode is not None:
        raise AssertionError(f"prometheus exited with {process.returncode}")
    try:
        return (await client.get(f"{url}/-/ready")).status_code == 200
    except httpx.TransportError:
        return False


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is not None:
        return
    process.terminate()
    try:
        await asyncio.wait_for(process.wait(), 30)
    except TimeoutError:
        os.killpg(process.pid, signal.SIGKILL)
        await process.wait()

"""Shopify's Toxiproxy: a TCP proxy whose links can be slowed, capped, reset or cut on
command, between the services and Kafka or Postgres (the network-fault suite).

``toxiproxy-server`` is built once from the Go module proxy (``go install``) into
``<cache>/toxiproxy/<version>/`` and reused, as the Kafka jars are; the Go module cache keeps
the sources as well. The server is driven through its HTTP API.
"""

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from returners_cli.stack import processes
from returners_cli.stack.kafka import require_tool

TOXIPROXY_MODULE = "github.com/Shopify/toxiproxy/v2"
TOXIPROXY_VERSION = "v2.12.0"


def ensure_toxiproxy(cache_dir: Path) -> Path:
    """The ``toxiproxy-server`` binary, built from the Go module proxy the first time."""
    binary = cache_dir.resolve() / TOXIPROXY_VERSION / "toxiproxy-server"
    if binary.is_file():
        return binary
    go = require_tool(
        "go",
        "Toxiproxy is built from the Go module proxy with Go: install Go 1.23 or newer "
        "(toxiproxy v2.12 needs it; Debian bookworm-backports has golang-1.23).",
    )
    binary.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="toxiproxy-build-") as gobin:
        result = subprocess.run(
            [go, "install", f"{TOXIPROXY_MODULE}/cmd/server@{TOXIPROXY_VERSION}"],
            env={**os.environ, "GOBIN": gobin, "CGO_ENABLED": "0"},
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"building toxiproxy-server failed:\n{result.stderr}")
        shutil.move(str(Path(gobin) / "server"), binary)
    return binary


@dataclass(frozen=True)
class Proxy:
    """One link: clients connect to ``listen`` and are forwarded to ``upstream``."""

    api: str
    name: str
    listen_port: int
    upstream: str

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.listen_port}"

    def _post(self, path: str, body: dict[str, Any]) -> None:
        response = httpx.post(f"{self.api}/proxies/{self.name}{path}", json=body, timeout=10)
        response.raise_for_status()

    def cut(self) -> None:
        """A full partition: every open connection closed, new ones refused."""
        self._post("", {"enabled": False})

    def restore(self) -> None:
        self._post("", {"enabled": True})

    def add_toxic(
        self, kind: str, attributes: dict[str, int], *, stream: str = "downstream"
    ) -> str:
        """Add a toxic (``latency``, ``bandwidth``, ``reset_peer``, ...); its name."""
        name = f"{kind}_{stream}"
        self._post(
            "/toxics",
            {
                "name": name,
                "type": kind,
                "stream": stream,
                "toxicity": 1.0,
                "attributes": attributes,
            },
        )
        return name

    def remove_toxic(self, name: str) -> None:
        response = httpx.delete(f"{self.api}/proxies/{self.name}/toxics/{name}", timeout=10)
        if response.status_code != 404:
            response.raise_for_status()


@dataclass
class ToxiproxyServer:
    home: Path
    binary_cache: Path
    port: int = 8474
    proxies: dict[str, Proxy] = field(default_factory=dict)
    # The server's pid once started: stop() finds it even if its home (and pid file) went
    # first, as a scratch home does when the platform using the proxies is torn down.
    _pid: int | None = field(default=None, repr=False)

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid_file(self) -> Path:
        return self.home / "toxiproxy.pid"

    @property
    def log_file(self) -> Path:
        return self.home / "toxiproxy.log"

    def _answers(self) -> bool:
        try:
            return httpx.get(f"{self.api}/version", timeout=2).status_code == 200
        except httpx.TransportError:
            return False

    def start(self, *, timeout: float = 30.0) -> None:
        binary = ensure_toxiproxy(self.binary_cache)
        self.home.mkdir(parents=True, exist_ok=True)
        if processes.running_pid(self.pid_file) is None:
            processes.start_detached(
                [str(binary), "-host", "127.0.0.1", "-port", str(self.port)],
                pid_file=self.pid_file,
                log_file=self.log_file,
            )
        processes.wait_until(self._answers, timeout=timeout, what="toxiproxy's API")
        self._pid = processes.running_pid(self.pid_file)

    def stop(self) -> None:
        stopped = processes.stop_pid_file(self.pid_file, timeout=10)
        if not stopped and self._pid is not None and processes.pid_alive(self._pid):
            processes.stop_pid(self._pid, timeout=10)
        self._pid = None

    def create(self, name: str, listen_port: int, upstream: str) -> Proxy:
        response = httpx.post(
            f"{self.api}/proxies",
            json={
                "name": name,
                "listen": f"127.0.0.1:{listen_port}",
                "upstream": upstream,
                "enabled": True,
            },
            timeout=10,
        )
        response.raise_for_status()
        proxy = Proxy(self.api, name, listen_port, upstream)
        self.proxies[name] = proxy
        return proxy

    def reset(self) -> None:
        """Every proxy enabled again and every toxic removed."""
        httpx.post(f"{self.api}/reset", timeout=10).raise_for_status()

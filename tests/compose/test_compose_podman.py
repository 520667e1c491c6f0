"""docker-compose.yml for real, where no Docker engine runs: podman builds every service image
from the project's Dockerfile and runs the stack through its Docker-compatible socket, driven
by docker-compose itself (``../shared/PODMAN.md`` has the facts).

Images that cannot be pulled here are stand-ins made from Debian's packages under the very
names docker-compose.yml uses (``deploy/compose/podman/ensure-podman.sh`` builds them):
``python:3.11-slim-bookworm`` (the Dockerfile's base), ``postgres:15``, ``apache/kafka:3.9.1``
(a JRE and the Maven jars the local stack runs), ``node:20-bookworm-slim`` (Debian's Node.js
and npm, for the portal's GOV.UK Frontend stage), ``axllent/mailpit`` (an SMTP server and the
two HTTP routes read here) and ``prom/prometheus`` (Debian's Prometheus). LEFT_OUT names the
containers that have no stand-in.

One test, in order: build every service image (``docker-compose build``, the Dockerfile
unchanged), ``up`` (with docker-compose.yml's health conditions), every container healthy and
kafka-topics exited 0, a programme published, an application submitted through the published
port of applications, its eligibility decision seen on the status endpoint, its email in the
mail server, the funnel counting it, Prometheus scraping every service, and ``down -v``.
Podman 4.3 runs no health check by itself (no systemd): a thread here runs ``podman
healthcheck run`` for every container of the project every few seconds, as Docker's daemon
would.

The project has a name of its own, its own published ports (free ones) and its own .env of
fresh secrets, so it runs beside anything else. Not part of ``make test``: ``make
test-compose``.
"""

import asyncio
import json
import os
import shutil
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from returners_cli.stack.paths import repo_root
from returners_cli.testing.fixtures import free_port
from returners_cli.testing.polling import eventually
from returners_cli.testing.submissions import submission_body

pytestmark = [pytest.mark.compose, pytest.mark.timeout(5400)]

ROOT = repo_root()
COMPOSE_FILE = ROOT / "docker-compose.yml"
LEFT_OUT = {
    "grafana": "grafana/grafana cannot be pulled here and Debian has no package for a stand-in",
}
SERVICES = (
    "applications",
    "matching",
    "notifications",
    "reporting",
    "selection",
    "training",
    "portal",
    "reporting-worker",
)
BUILT = SERVICES[:-1]  # reporting-worker runs the reporting image
STARTED = (*SERVICES, "prometheus")  # and, through depends_on, the infrastructure
SCRAPED = SERVICES  # Prometheus' jobs (deploy/prometheus/prometheus.yml)
HOST_PORTS = {  # the .env variable of each published port docker-compose.yml reads
    "applications": "APPLICATIONS_HOST_PORT",
    "matching": "MATCHING_HOST_PORT",
    "notifications": "NOTIFICATIONS_HOST_PORT",
    "reporting": "REPORTING_HOST_PORT",
    "selection": "SELECTION_HOST_PORT",
    "training": "TRAINING_HOST_PORT",
    "portal": "PORTAL_HOST_PORT",
    "mailpit": "MAILPIT_HOST_PORT",
    "kafka": "KAFKA_HOST_PORT",
    "prometheus": "PROMETHEUS_HOST_PORT",
}
BUILD_TIMEOUT = 3600  # six images on a busy two-core machine: minutes when quiet, 40+ under load
HEALTHY_TIMEOUT = 900.0  # a loaded machine starts nine containers slowly
DECISION_TIMEOUT = 120.0


def require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is missing: run deploy/compose/podman/ensure-podman.sh")
    return path


@dataclass
class PodmanService:
    """``podman system service`` on a socket of its own: the Docker API docker-compose drives."""

    socket: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def docker_host(self) -> str:
        return f"unix://{self.socket}"

    def answers(self) -> bool:
        try:
            transport = httpx.HTTPTransport(uds=str(self.socket))
            with httpx.Client(transport=transport, timeout=5) as client:
                return client.get("http://podman/_ping").status_code == 200
        except httpx.TransportError:
            return False

    def start(self, log: Path) -> None:
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [require("podman"), "system", "service", "--time=0", self.docker_host],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"podman's socket did not answer: {log.read_text()[-2000:]}")
            time.sleep(0.2)  # a poll's interval, under the deadline above

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@dataclass
class Project:
    """One docker-compose project: its name, its .env, and the podman socket it talks to."""

    name: str
    env_file: Path
    podman: PodmanService
    ports: dict[str, int]
    log: Path
    secrets: dict[str, str] = field(default_factory=dict)

    def compose(
        self, *args: str, timeout: float = 600, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        argv = [
            require("docker-compose"),
            "--project-name",
            self.name,
            "--project-directory",
            str(ROOT),
            "--file",
            str(COMPOSE_FILE),
            "--env-file",
            str(self.env_file),
            *args,
        ]
        env = {**os.environ, "DOCKER_HOST": self.podman.docker_host}
        result = subprocess.run(
            argv, capture_output=True, text=True, timeout=timeout, env=env, check=False
        )
        with self.log.open("a") as out:
            out.write(f"$ docker-compose {' '.join(args)}\n{result.stdout}{result.stderr}\n")
        if check and result.returncode != 0:
            pytest.fail(
                f"docker-compose {' '.join(args)} exited {result.returncode}:\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        return result

    def containers(self) -> list[dict[str, Any]]:
        """Every container of the project, as ``podman ps -a`` describes it."""
        result = subprocess.run(
            [
                require("podman"),
                "ps",
                "--all",
                "--filter",
                f"label=com.docker.compose.project={self.name}",
                "--format",
                "json",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if result.returncode != 0 or not result.stdout.strip():
            return []
        containers: list[dict[str, Any]] = json.loads(result.stdout)
        return containers

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"


def service_of(container: dict[str, Any]) -> str:
    return str((container.get("Labels") or {}).get("com.docker.compose.service", "?"))


class HealthChecks(threading.Thread):
    """What Docker's daemon does and podman 4.3 without systemd does not: run each running
    container's health check every few seconds (``podman healthcheck run``)."""

    def __init__(self, project: Project, every: float = 3.0) -> None:
        super().__init__(name="podman-healthchecks", daemon=True)
        self.project, self.every = project, every
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(self.every):
            try:
                self.check_once()
            except subprocess.TimeoutExpired:
                # podman answering slowly (a loaded machine: CI runs this suite at the lowest
                # priority beside make test) is no reason to stop checking, as Docker's
                # daemon would not stop either: try again on the next round.
                continue

    def check_once(self) -> None:
        podman = require("podman")
        for container in self.project.containers():
            if container.get("State") != "running":
                continue
            subprocess.run(
                [podman, "healthcheck", "run", str(container["Id"])],
                capture_output=True,
                timeout=60,
                check=False,
            )

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=90)


def write_env(path: Path, ports: dict[str, int]) -> dict[str, str]:
    """A .env made the way a user makes one (deploy/compose/make-env.sh: fresh secrets), with
    this project's own published ports."""
    subprocess.run([str(ROOT / "deploy/compose/make-env.sh"), str(path)], check=True, timeout=60)
    with path.open("a") as out:
        for service, port in ports.items():
            out.write(f"{HOST_PORTS[service]}={port}\n")
    values = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    for tool in ("podman", "docker-compose"):
        require(tool)
    home = tmp_path_factory.mktemp("compose")
    artifacts = ROOT / "test-artifacts" / "compose"
    shutil.rmtree(artifacts, ignore_errors=True)
    artifacts.mkdir(parents=True)
    podman = PodmanService(home / "podman.sock")
    podman.start(artifacts / "podman-service.log")
    ports = {service: free_port() for service in HOST_PORTS}
    env_file = home / ".env"
    secrets = write_env(env_file, ports)
    project = Project(
        name=f"returners-compose-{uuid.uuid4().hex[:8]}",
        env_file=env_file,
        podman=podman,
        ports=ports,
        log=artifacts / "compose.log",
        secrets=secrets,
    )
    checks = HealthChecks(project)
    checks.start()
    try:
        yield project
    finally:
        for container in project.containers():
            logs = subprocess.run(
                [require("podman"), "logs", str(container["Id"])],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            name = f"{service_of(container)}.log"
            (artifacts / name).write_text(logs.stdout + logs.stderr)
        project.compose("down", "--volumes", "--remove-orphans", "--timeout", "20", check=False)
        checks.stop()
        podman.stop()


def unhealthy(project: Project) -> dict[str, str]:
    """Each expected container that is not yet where it should be, and where it is."""
    seen = {service_of(c): c for c in project.containers()}
    waiting = {}
    for service in ("postgres", "kafka", "mailpit", *STARTED):
        container = seen.get(service)
        if container is None:
            waiting[service] = "not created"
            continue
        status = str(container.get("Status", ""))
        if container.get("State") != "running" or "(healthy)" not in status:
            waiting[service] = f"{container.get('State')}: {status}"
    topics = seen.get("kafka-topics")
    if topics is None or topics.get("State") != "exited" or topics.get("ExitCode") != 0:
        waiting["kafka-topics"] = "not exited 0" if topics is None else str(topics.get("Status"))
    return waiting


async def publish_programme(project: Project, programme_id: str) -> None:
    definition = json.loads((ROOT / "deploy/local/programmes/rtsw-demo.json").read_text())
    definition |= {"programme_id": programme_id, "title": f"Compose test {programme_id}"}
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.post(
            f"{project.url('matching')}/admin/programmes",
            json=definition,
            headers={"Authorization": f"Bearer {project.secrets['RETURNERS_OPERATIONS_TOKEN']}"},
        )
    assert response.status_code in (200, 201), response.text


async def submit(project: Project, body: dict[str, Any]) -> dict[str, Any]:
    """POST /applications through the published port, as a portal does; until applications
    has consumed programme.published the programme is unknown (409), so ask again."""

    async def attempt() -> httpx.Response | None:
        try:
            async with httpx.AsyncClient(timeout=30) as client:
                return await client.post(
                    f"{project.url('applications')}/applications",
                    json=body,
                    headers={"Idempotency-Key": str(uuid.uuid4())},
                )
        except httpx.TransportError:
            return None

    response = await eventually(
        attempt,
        until=lambda r: r is not None and r.status_code != 409,
        timeout=DECISION_TIMEOUT,
        interval=1.0,
        what="applications to know the programme",
    )
    assert response is not None
    assert response.status_code == 201, response.text
    answer: dict[str, Any] = response.json()
    return answer


def test_the_stack_builds_runs_and_decides_an_application(project: Project) -> None:
    """Build from the Dockerfile, start with podman, submit, see the decision, tear down."""
    started = time.monotonic()
    project.compose("build", *BUILT, timeout=BUILD_TIMEOUT)
    built = time.monotonic() - started
    for service in BUILT:
        image = f"returners/{service}:local"
        assert (
            subprocess.run([require("podman"), "image", "exists", image], check=False).returncode
            == 0
        ), f"{image} was not built"

    up_at = time.monotonic()
    # Every container by name, so that LEFT_OUT (and nothing else) stays down; their
    # dependencies (postgres, kafka, kafka-topics, mailpit) start through depends_on.
    project.compose("up", "--detach", "--no-build", *STARTED, timeout=HEALTHY_TIMEOUT + 60)
    asyncio.run(
        eventually(
            lambda: unhealthy(project),
            until=lambda waiting: not waiting,
            timeout=HEALTHY_TIMEOUT,
            interval=3.0,
            what="every container healthy and kafka-topics exited 0",
        )
    )
    healthy = time.monotonic() - up_at
    assert not {service_of(c) for c in project.containers()} & set(LEFT_OUT)

    async def journey() -> dict[str, float]:
        times: dict[str, float] = {}
        programme = f"compose-{uuid.uuid4().hex[:6]}"
        email = f"compose-{uuid.uuid4().hex}@example.org"
        await publish_programme(project, programme)
        at = time.monotonic()
        answer = await submit(project, submission_body(programme, contact={"email": email}))
        times["submitted_s"] = time.monotonic() - at
        headers = {"Authorization": f"Bearer {answer['access_token']}"}
        status_url = f"{project.url('applications')}/applications/{answer['application_id']}"

        async def status() -> dict[str, Any]:
            async with httpx.AsyncClient(timeout=10) as client:
                view: dict[str, Any] = (await client.get(status_url, headers=headers)).json()
                return view

        view = await eventually(
            status,
            until=lambda v: v.get("status") in ("eligible", "ineligible"),
            timeout=DECISION_TIMEOUT,
            interval=0.5,
            what="the eligibility decision on the status endpoint",
        )
        assert view["eligibility"] is not None
        times["decided_s"] = time.monotonic() - at

        async def mail() -> list[str]:
            async with httpx.AsyncClient(timeout=10) as client:
                found = (await client.get(f"{project.url('mailpit')}/api/v1/messages")).json()
            return [
                m["Subject"]
                for m in found["messages"]
                if any(email in to["Address"] for to in m["To"])
            ]

        await eventually(
            mail, timeout=DECISION_TIMEOUT, interval=1.0, what="an email to the applicant"
        )
        times["emailed_s"] = time.monotonic() - at

        async def funnel() -> dict[str, Any]:
            async with httpx.AsyncClient(timeout=10) as client:
                response = await client.get(
                    f"{project.url('reporting')}/reports/programmes/{programme}/funnel",
                    headers={
                        "Authorization": f"Bearer {project.secrets['RETURNERS_OPERATIONS_TOKEN']}"
                    },
                )
            return response.json() if response.status_code == 200 else {}

        await eventually(
            funnel,
            until=lambda f: f.get("submitted") == 1 and f.get(str(view["status"])) == 1,
            timeout=DECISION_TIMEOUT,
            interval=1.0,
            what="the funnel counting the submission and its decision",
        )
        times["counted_s"] = time.monotonic() - at

        async def scraped() -> dict[str, str]:
            async with httpx.AsyncClient(timeout=10) as client:
                response = await client.get(f"{project.url('prometheus')}/api/v1/targets")
            return {
                str(target["labels"]["job"]): str(target["health"])
                for target in response.json()["data"]["activeTargets"]
            }

        await eventually(
            scraped,
            until=lambda health: all(health.get(job) == "up" for job in SCRAPED),
            timeout=DECISION_TIMEOUT,
            interval=2.0,
            what="Prometheus scraping every service",
        )
        return times

    times = asyncio.run(journey())
    print(
        f"\ncompose via podman: built {built:.0f}s, healthy {healthy:.0f}s after up; "
        + ", ".join(f"{k} {v:.1f}s" for k, v in times.items())
        + f"; left out: {', '.join(f'{k} ({v})' for k, v in LEFT_OUT.items())}"
    )

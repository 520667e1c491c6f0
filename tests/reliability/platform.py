"""A platform of a suite's own to break: its Kafka (one broker or a cluster) and Postgres
server (stopped and restarted by the tests, on the same ports and data directories), the
four services and applications' outbox relay as real processes, one programme per fault,
and a steady stream of submissions running in the background from the first fault to the
last. The fault suites (one broker, three brokers, the network) each build one."""

import asyncio
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx

from returners_cli.stack.kafka import KafkaBroker
from returners_cli.stack.kafka_cluster import KafkaCluster
from returners_cli.stack.paths import repo_root
from returners_cli.stack.postgres import SERVICE_DATABASES, PostgresServer
from returners_cli.testing.cluster import ProcessCluster
from returners_cli.testing.polling import eventually
from returners_cli.testing.programmes import programme_without_selection

from .observe import PortalView
from .portal import SubmissionStream

PREFIX = "rel."
PHASES = 12  # programmes published up front: one per fault, and spares
# Kafka's first start (one node or a quorum of three) on a shared two-core machine: 30 s when
# it is quiet, minutes when other suites run beside this one.
START_TIMEOUT = 300.0


@dataclass
class Platform:
    broker: KafkaBroker | KafkaCluster
    postgres: PostgresServer
    cluster: ProcessCluster
    stream: SubmissionStream
    view: PortalView
    programmes: list[str]
    closed: list[str] = field(default_factory=list)  # programmes of faults already checked
    prefix: str = PREFIX

    @property
    def bootstrap(self) -> str:
        return self.broker.bootstrap

    @property
    def programme(self) -> str:
        """The programme the stream submits to during the current fault."""
        return self.programmes[len(self.closed)]

    def close_phase(self) -> str:
        """Send new submissions to the next fault's programme; the one closed, to check."""
        closing = self.programme
        self.closed.append(closing)
        self.stream.switch_to(self.programme)
        return closing


def programme_definition(programme_id: str) -> dict[str, object]:
    return programme_without_selection(
        programme_id, title=f"Fault injection: {programme_id}", offer_window_days=7
    )


async def _programmes_known(reporting_url: str, token: str, ids: list[str]) -> bool:
    """Whether reporting knows every programme (it consumed programme.published)."""
    async with httpx.AsyncClient(timeout=5) as client:
        for programme_id in ids:
            response = await client.get(
                f"{reporting_url}/reports/programmes/{programme_id}/funnel",
                headers={"Authorization": f"Bearer {token}"},
            )
            if response.status_code != 200:
                return False
    return True


async def _applications_know(dsn: str, ids: list[str]) -> bool:
    """Whether applications consumed every programme.published (set-up only: a peek at its
    table, so that no submission of the stream is refused as for an unknown programme)."""
    conn = await asyncpg.connect(dsn)
    try:
        n = await conn.fetchval(
            "SELECT count(*) FROM programmes WHERE programme_id = ANY($1::text[])", ids
        )
    finally:
        await conn.close()
    return int(n) == len(ids)


async def publish_programmes(cluster: ProcessCluster, dsn: str, ids: list[str]) -> None:
    token = cluster.secrets["OPERATIONS_TOKEN"]
    async with httpx.AsyncClient(timeout=30) as client:
        for programme_id in ids:
            response = await client.post(
                f"{cluster['matching'].url}/admin/programmes",
                json=programme_definition(programme_id),
                headers={"Authorization": f"Bearer {token}"},
            )
            assert response.status_code in (200, 201), response.text
    await eventually(
        lambda: _applications_know(dsn, ids), timeout=60, what="programmes in applications"
    )
    await eventually(
        lambda: _programmes_known(cluster["reporting"].url, token, ids),
        timeout=60,
        what="programmes in reporting",
    )


def keep_logs(home: Path, name: str) -> None:
    """Every process's log, kept in test-artifacts/<name> for a post-mortem of the last run."""
    target = repo_root() / "test-artifacts" / name
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for log in [*home.glob("services/*.log"), home / "postgres" / "postgres.log"]:
        if log.is_file():
            shutil.copy(log, target / log.name)
    for logs in home.glob("kafka*/logs"):
        shutil.copytree(logs, target / logs.parent.name)
    for log in home.glob("toxiproxy/*.log"):
        shutil.copy(log, target / log.name)


@contextmanager
def running_platform(
    home: Path,
    broker: KafkaBroker | KafkaCluster,
    postgres: PostgresServer,
    *,
    logs: str = "reliability-logs",
    phases: int = PHASES,
    kafka_addresses: dict[str, str] | None = None,
    database_urls: dict[str, str] | None = None,
    extra_env: dict[str, dict[str, str]] | None = None,
    standalone_relays: tuple[str, ...] = ("applications",),
    per_second: float = 6.0,
) -> Iterator[Platform]:
    """Start everything (``broker`` and ``postgres`` too, unless running), publish the
    programmes, start the stream; stop it all afterwards and keep the logs in
    ``test-artifacts/<logs>``. A service reaches Kafka and Postgres at ``kafka_addresses``
    and ``database_urls`` where given (a proxy of its own), else directly."""
    cluster: ProcessCluster | None = None
    stream: SubmissionStream | None = None
    env: dict[str, dict[str, str]] = {
        "applications": {"APPLICATIONS_SUBMISSIONS_PER_MINUTE": "0"},
        # An email that failed in an outage is sent again within seconds, not minutes.
        "notifications": {
            "NOTIFICATIONS_DELIVERY_BACKOFF_INITIAL_SECONDS": "1",
            "NOTIFICATIONS_DELIVERY_BACKOFF_MAX_SECONDS": "10",
        },
    }
    for service, more in (extra_env or {}).items():
        env[service] = {**env.get(service, {}), **more}
    try:
        broker.start(timeout=START_TIMEOUT)
        postgres.start()
        postgres.create_databases()
        cluster = ProcessCluster(
            kafka=broker.bootstrap,
            database_urls=database_urls or {name: postgres.dsn(name) for name in SERVICE_DATABASES},
            workdir=home / "services",
            topic_prefix=PREFIX,
            standalone_relays=standalone_relays,
            extra_env=env,
            kafka_addresses=kafka_addresses or {},
        )
        cluster.start()
        programmes = [f"fault-{n:02d}" for n in range(phases)]
        asyncio.run(publish_programmes(cluster, postgres.dsn("applications"), programmes))
        stream = SubmissionStream(cluster["applications"].url, programmes[0], per_second)
        stream.start()
        yield Platform(
            broker=broker,
            postgres=postgres,
            cluster=cluster,
            stream=stream,
            view=PortalView(
                cluster["applications"].url,
                cluster["reporting"].url,
                cluster.secrets["OPERATIONS_TOKEN"],
            ),
            programmes=programmes,
        )
    finally:
        if stream is not None:
            stream.stop(drain=10)
        if cluster is not None:
            cluster.stop()
        broker.stop()
        postgres.stop()
        keep_logs(home, logs)
        shutil.rmtree(home, ignore_errors=True)

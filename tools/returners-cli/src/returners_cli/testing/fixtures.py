"""Session-wide real Kafka and Postgres for every test suite (a pytest plugin).

Where the servers come from, in order:

1. ``KAFKA_BOOTSTRAP_SERVERS`` / ``DATABASE_URL`` from the environment;
2. a broker and a database server started here from the machine's own binaries
   (Kafka 3.9.1 jars from Maven Central, PostgreSQL 15), in a fresh directory;
3. testcontainers, when a Docker daemon answers.

If none is possible the fixture fails with the reason: integration tests are
never silently skipped.
"""

import contextlib
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest

from returners_cli.stack.kafka import KafkaBroker
from returners_cli.stack.postgres import PostgresServer
from returners_cli.stack.scratch import (
    free_port,
    scratch_broker,
    scratch_home,
    scratch_postgres,
)
from returners_cli.testing.order import longest_first

__all__ = ["free_port"]  # re-exported: tests take their ports from here


def _docker_answers() -> bool:
    try:
        import docker

        docker.from_env().ping()
        return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def stack_dir() -> Iterator[Path]:
    path = scratch_home("returners-test-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def kafka_broker(stack_dir: Path) -> Iterator[KafkaBroker | None]:
    """The broker this session started (None when using an external one)."""
    if os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        yield None
        return
    if shutil.which("java") is None and _docker_answers():
        yield None
        return
    broker = scratch_broker(stack_dir)
    broker.start()
    yield broker
    broker.stop()


@pytest.fixture(scope="session")
def kafka_bootstrap(kafka_broker: KafkaBroker | None) -> Iterator[str]:
    if env := os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        yield env
    elif kafka_broker is not None:
        yield kafka_broker.bootstrap
    else:
        yield from _kafka_container()


def _kafka_container() -> Iterator[str]:
    from testcontainers.core.container import DockerContainer
    from testcontainers.core.waiting_utils import wait_for_logs

    port = free_port()
    container = (
        DockerContainer("apache/kafka:3.9.1")
        .with_bind_ports(9092, port)
        .with_env("KAFKA_NODE_ID", "1")
        .with_env("KAFKA_PROCESS_ROLES", "broker,controller")
        .with_env("KAFKA_LISTENERS", "PLAINTEXT://:9092,CONTROLLER://:9093")
        .with_env("KAFKA_ADVERTISED_LISTENERS", f"PLAINTEXT://127.0.0.1:{port}")
        .with_env("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER")
        .with_env("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@localhost:9093")
        .with_env("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
        .with_env("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
        .with_env("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
    )
    with container:
        wait_for_logs(container, "Kafka Server started", timeout=120)
        yield f"127.0.0.1:{port}"


@pytest.fixture(scope="session")
def postgres_server(stack_dir: Path) -> Iterator[PostgresServer | None]:
    if os.environ.get("DATABASE_URL"):
        yield None
        return
    if shutil.which("pg_ctl") is None and not Path("/usr/lib/postgresql").exists():
        yield None
        return
    server = scratch_postgres(stack_dir)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_admin_dsn(postgres_server: PostgresServer | None) -> Iterator[str]:
    """A DSN with the right to create databases."""
    if env := os.environ.get("DATABASE_URL"):
        yield env
    elif postgres_server is not None:
        yield postgres_server.dsn()
    else:
        from testcontainers.postgres import PostgresContainer

        with PostgresContainer("postgres:15") as container:
            yield container.get_connection_url(driver=None)


@pytest.fixture
async def database(postgres_admin_dsn: str) -> AsyncIterator[str]:
    """A fresh, empty database for one test; dropped afterwards."""
    async with fresh_database(postgres_admin_dsn) as dsn:
        yield dsn


@contextlib.asynccontextmanager
async def fresh_database(admin_dsn: str, prefix: str = "t") -> AsyncIterator[str]:
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(admin_dsn)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    base, _, _ = admin_dsn.rpartition("/")
    yield f"{base}/{name}"
    conn = await asyncpg.connect(admin_dsn)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture
def topic_prefix() -> str:
    """A topic prefix of this test's own, so tests sharing the broker never see each other."""
    return f"t{uuid.uuid4().hex[:8]}."


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The files longest first, so that ``make test``'s workers finish together (``order``)."""
    items[:] = longest_first(items)

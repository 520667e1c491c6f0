"""Every service as a real process (uvicorn) on the session's Kafka and Postgres: the cluster the
security and HTTP suites share."""

import asyncio
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from returners_cli.testing.cluster import INSTALLED_SERVICES, ProcessCluster
from returners_cli.testing.databases import create_databases

# Suites that run only when asked for by their marker (``pytest -m three_brokers``): each
# takes minutes, and .ci/run runs them beside ``make test`` (README, "Testing").
OPT_IN_MARKERS = ("three_brokers", "network_faults", "compose", "soak")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    asked = str(config.option.markexpr or "")
    kept, left = [], []
    for item in items:
        opt_in = [m for m in OPT_IN_MARKERS if item.get_closest_marker(m)]
        (left if opt_in and not any(m in asked for m in opt_in) else kept).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


@pytest.fixture(scope="session")
def cluster(kafka_bootstrap: str, postgres_admin_dsn: str) -> Iterator[ProcessCluster]:
    workdir = Path(tempfile.mkdtemp(prefix="returners-security-"))
    urls = asyncio.run(create_databases(postgres_admin_dsn, INSTALLED_SERVICES, prefix="sec"))
    running = ProcessCluster(
        kafka=kafka_bootstrap,
        database_urls=urls,
        workdir=workdir,
        topic_prefix=f"sec{uuid.uuid4().hex[:6]}.",
        names=INSTALLED_SERVICES,
        extra_env={
            # Every service logs at INFO: the scans for personal data read what they log.
            **{name: {f"{name.upper()}_LOG_LEVEL": "INFO"} for name in INSTALLED_SERVICES},
            "applications": {
                "APPLICATIONS_LOG_LEVEL": "INFO",
                "APPLICATIONS_SUBMISSIONS_PER_MINUTE": "1000",
            },
            # Webhook receivers in tests live on this machine.
            "notifications": {
                "NOTIFICATIONS_LOG_LEVEL": "INFO",
                "NOTIFICATIONS_ALLOW_HTTP_TARGETS": "true",
                "NOTIFICATIONS_ALLOW_PRIVATE_TARGETS": "true",
            },
        },
    )
    running.start()
    yield running
    running.stop()

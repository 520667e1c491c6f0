"""``python -m returners_platform.messaging.relay_process <service>``: the relay on its own,
configured by the service's own environment variables."""

import asyncio
import os
import signal
import sys

import asyncpg
import pytest

from returners_cli.testing.kafka import wait_for_records
from returners_platform.messaging.relay_process import relay_settings

from .outbox_rows import commit_withdrawal

pytestmark = pytest.mark.integration


def test_it_reads_the_services_own_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APPLICATIONS_DATABASE_URL", "postgresql://u@h:1/applications")
    monkeypatch.setenv("APPLICATIONS_KAFKA_TOPIC_PREFIX", "x.")
    monkeypatch.setenv("APPLICATIONS_RELAY_BATCH_SIZE", "7")
    monkeypatch.setenv("MATCHING_RELAY_BATCH_SIZE", "9")
    settings = relay_settings("applications")
    assert settings.service_name == "applications"
    assert settings.database_url == "postgresql://u@h:1/applications"
    assert (settings.kafka_topic_prefix, settings.relay_batch_size) == ("x.", 7)


async def test_the_relay_process_publishes_the_outbox_and_stops_on_sigterm(
    pool: asyncpg.Pool, kafka_bootstrap: str, topics: str, database: str
) -> None:
    application_id = await commit_withdrawal(pool)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "returners_platform.messaging.relay_process",
        "relaytest",
        env={
            **os.environ,
            "RETURNERS_ENV": "test",
            "RELAYTEST_DATABASE_URL": database,
            "RELAYTEST_KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
            "RELAYTEST_KAFKA_TOPIC_PREFIX": topics,
        },
    )
    try:
        await wait_for_records(
            kafka_bootstrap,
            f"{topics}returners.applications",
            lambda r: r.key == application_id,
            timeout=60,
        )
    finally:
        process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), timeout=30)
    assert code == 0

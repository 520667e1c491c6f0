"""Fixtures shared by the reporting service's integration and browser tests."""

import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from aiokafka import AIOKafkaConsumer
from pydantic import SecretStr

from reporting.config import Settings
from reporting.loops.faust_worker import worker_environment
from reporting.store import READ_MODEL_TABLES
from reporting.stream.kafka_io import event_topic_names, partitions_of
from returners_cli.testing.polling import eventually
from returners_cli.testing.services import settings_for_test
from returners_platform.contracts.catalogue import spec_for
from returners_platform.contracts.envelope import EventData, new_event
from returners_platform.contracts.topics import ALL_TOPICS
from returners_platform.messaging.codec import encode_value, record_headers
from returners_platform.messaging.kafka import ensure_topics, make_producer

from .history import (
    APPLICATION_EVENTS,
    COUNCIL_EVENTS,
    NOTIFICATION_EVENTS,
    PLACEMENT_EVENTS,
    PROGRAMME_EVENTS,
    REPEATED_RECORDS,
)
from .training_history import REPEATED_TRAINING_RECORDS, TRAINING_EVENTS

OPS_TOKEN = "ops-token-for-reporting-tests"
AUTH = {"Authorization": f"Bearer {OPS_TOKEN}"}
SOURCES = {
    "applications": "/returners/applications",
    "placements": "/returners/matching",
    "councils": "/returners/matching",
    "programmes": "/returners/matching",
    "notifications": "/returners/notifications",
    "selection": "/returners/selection",
    "training": "/returners/training",
}


def make_settings(database: str, kafka: str, prefix: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        **settings_for_test(database_url=database, kafka_bootstrap=kafka, topic_prefix=prefix),
        "operations_token": SecretStr(OPS_TOKEN),
        "run_worker": False,
        "worker_metrics_port": 0,
        "batch_within_seconds": 0.2,
        "health_refresh_seconds": 0.5,
        "figures_refresh_seconds": 0.5,
        "service_metrics_urls": {},
    }
    values.update(overrides)
    return Settings(**values)


@dataclass
class Platform:
    """The broker and database one test's reporting service sees."""

    settings: Settings

    @property
    def kafka(self) -> str:
        return self.settings.kafka_bootstrap_servers

    async def publish(self, events: Iterable[EventData], repeat: Iterable[int] = ()) -> None:
        """Publish events as their owners would; records at ``repeat`` indexes twice."""
        again = set(repeat)
        producer = make_producer(self.kafka, "reporting-tests")
        await producer.start()
        try:
            for i, data in enumerate(events):
                spec = spec_for(type(data))
                event = new_event(data, source=SOURCES[spec.topic.name.split(".")[-1]])
                for _ in range(2 if i in again else 1):
                    await producer.send_and_wait(
                        spec.topic.qualified(self.settings.kafka_topic_prefix),
                        value=encode_value(event),
                        key=event.subject.encode(),
                        headers=record_headers(event.type, event.id),
                    )
        finally:
            await producer.stop()

    async def publish_history(self, *, placements_first: bool = True) -> None:
        """The known history; placements first: the training events go before the
        decisions and offers they depend on (last otherwise)."""
        parts = [
            (TRAINING_EVENTS, REPEATED_TRAINING_RECORDS),
            (PLACEMENT_EVENTS, REPEATED_RECORDS["placements"]),
            (APPLICATION_EVENTS, REPEATED_RECORDS["applications"]),
            (COUNCIL_EVENTS, []),
            (PROGRAMME_EVENTS, []),
            (NOTIFICATION_EVENTS, []),
        ]
        for events, repeat in parts if placements_first else reversed(parts):
            await self.publish(events, repeat)

    async def lag(self) -> int:
        """Records on the event topics not yet applied according to Postgres."""
        consumer = AIOKafkaConsumer(bootstrap_servers=self.kafka)
        await consumer.start()
        try:
            tps = await partitions_of(consumer, event_topic_names(self.settings))
            ends = await consumer.end_offsets(tps)
        finally:
            await consumer.stop()
        conn = await asyncpg.connect(self.settings.database_url)
        try:
            exists = await conn.fetchval("SELECT to_regclass('consumed_positions') IS NOT NULL")
            rows = (
                await conn.fetch('SELECT topic, partition, "offset" FROM consumed_positions')
                if exists
                else []
            )
        finally:
            await conn.close()
        done = {(r["topic"], r["partition"]): r["offset"] + 1 for r in rows}
        return sum(max(end - done.get((tp.topic, tp.partition), 0), 0) for tp, end in ends.items())

    async def wait_caught_up(self, timeout: float = 120) -> None:
        await eventually(
            self.lag,
            until=lambda lag: lag == 0,
            timeout=timeout,
            interval=0.3,
            what="the projections to reach the end of every topic",
        )

    async def tables(self, *, with_positions: bool = True) -> dict[str, list[dict[str, Any]]]:
        """Every read model, row by row in key order (what "unchanged" compares)."""
        conn = await asyncpg.connect(self.settings.database_url)
        try:
            snapshot = {}
            for table in READ_MODEL_TABLES:
                if table == "consumed_positions" and not with_positions:
                    continue
                columns = 'topic, partition, "offset"' if table == "consumed_positions" else "*"
                rows = await conn.fetch(f"SELECT {columns} FROM {table} ORDER BY 1, 2")
                snapshot[table] = [dict(r) for r in rows]
            return snapshot
        finally:
            await conn.close()


@pytest.fixture
async def platform(
    database: str, kafka_bootstrap: str, topic_prefix: str, tmp_path: Path
) -> Platform:
    settings = make_settings(
        database, kafka_bootstrap, topic_prefix, faust_data_dir=str(tmp_path / "faust")
    )
    await ensure_topics(kafka_bootstrap, ALL_TOPICS, prefix=topic_prefix)
    return Platform(settings)


@contextlib.asynccontextmanager
async def worker_running(settings: Settings, log_file: Path) -> AsyncIterator[None]:
    """``python -m reporting.worker`` as a child process of the test; stopped cleanly."""
    with log_file.open("ab") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "reporting.worker",
            env=child_env(settings),
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )
        try:
            yield
            assert process.returncode is None, f"the worker exited; see {log_file}"
        finally:
            if process.returncode is None:
                process.terminate()
                try:
                    await asyncio.wait_for(process.wait(), 60)
                except TimeoutError:
                    process.kill()
                    await process.wait()


def child_env(settings: Settings) -> dict[str, str]:
    """The environment a child process needs to see the test's settings."""
    env = worker_environment(settings)
    env["REPORTING_OPERATIONS_TOKEN"] = OPS_TOKEN
    return env


@pytest.fixture
async def worker(platform: Platform, tmp_path: Path) -> AsyncIterator[Path]:
    """The faust worker, projecting this test's topics into this test's database."""
    log_file = tmp_path / "worker.log"
    async with worker_running(platform.settings, log_file):
        yield log_file

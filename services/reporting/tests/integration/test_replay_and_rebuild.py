"""Redelivery, replay and rebuild leave every projection exactly as it was."""

import asyncio
import io
import sys
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from aiokafka import AIOKafkaProducer
from rich.console import Console

from reporting.bootstrap import create_app
from reporting.projection.batch import decode_records, project
from reporting.rebuild import rebuild
from reporting.store import READ_MODEL_TABLES
from reporting.stream.kafka_io import LogSnapshot, event_topic_names
from returners_cli.testing.kafka import produce_raw, read_topic
from returners_cli.testing.services import running
from returners_platform.contracts.catalogue import spec_for
from returners_platform.contracts.envelope import new_event
from returners_platform.contracts.events import ApplicationWithdrawn
from returners_platform.messaging.codec import encode_value, record_headers
from returners_platform.messaging.partitioner import partition_for

from ..conftest import AUTH, Platform, child_env, worker_running
from ..expected import EXPECTED_FUNNEL, EXPECTED_OUTCOMES
from ..history import PROGRAMME, app_id, at

pytestmark = pytest.mark.integration

REPORTS = [
    "funnel",
    "by-region",
    "by-specialism",
    "by-band",
    "by-council",
    "timings",
    "submissions-per-day",
    "outcomes",
]


async def reports(platform: Platform) -> dict[str, Any]:
    """Every report of the programme, as the API answers it."""
    async with running(create_app(platform.settings)) as client:
        return {
            name: await _get(client, f"/reports/programmes/{PROGRAMME}/{name}") for name in REPORTS
        } | {"programmes": await _get(client, "/reports/programmes")}


async def _get(client: httpx.AsyncClient, path: str) -> Any:
    response = await client.get(path, headers=AUTH)
    assert response.status_code == 200, response.text
    return response.json()


async def test_replaying_every_topic_a_second_time_leaves_every_projection_unchanged(
    platform: Platform, worker: Path
) -> None:
    await platform.publish_history()
    await platform.wait_caught_up()
    tables, answers = await platform.tables(with_positions=False), await reports(platform)
    assert answers["outcomes"] == EXPECTED_OUTCOMES

    producer = AIOKafkaProducer(bootstrap_servers=platform.kafka)
    await producer.start()
    try:
        for topic in event_topic_names(platform.settings):
            for record in await read_topic(platform.kafka, topic):
                await producer.send_and_wait(
                    topic,
                    value=record.value,
                    key=record.key.encode() if record.key else None,
                    headers=[(k, v.encode()) for k, v in record.headers.items()],
                )
    finally:
        await producer.stop()
    await platform.wait_caught_up()

    assert await platform.tables(with_positions=False) == tables
    assert await reports(platform) == answers


async def test_the_rebuild_command_reproduces_the_live_projections_exactly(
    platform: Platform, worker: Path
) -> None:
    await platform.publish_history(placements_first=False)
    await platform.wait_caught_up()
    live, answers = await platform.tables(), await reports(platform)

    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "reporting.rebuild",
        env=child_env(platform.settings),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 180)
    assert process.returncode == 0, output.decode()
    assert b"rebuilt from" in output

    assert await platform.tables() == live
    assert await reports(platform) == answers
    assert answers["outcomes"] == EXPECTED_OUTCOMES


async def test_records_already_applied_are_skipped_by_their_position(platform: Platform) -> None:
    await platform.publish_history()
    await rebuild(platform.settings)  # the projections, applied once (in-process, no faust)
    before = await platform.tables()
    conn = await asyncpg.connect(platform.settings.database_url)
    try:
        async with LogSnapshot(platform.kafka, event_topic_names(platform.settings)) as log:
            async for batch in log.batches():
                async with conn.transaction():
                    result = await project(conn, decode_records(batch), _no_dead_letters)
                assert (result.skipped, sum(result.applied.values())) == (len(batch), 0)
    finally:
        await conn.close()
    assert await platform.tables() == before


async def test_a_worker_whose_read_models_were_lost_replays_from_the_start_of_the_log(
    platform: Platform, tmp_path: Path
) -> None:
    await platform.publish_history()
    async with worker_running(platform.settings, tmp_path / "first.log"):
        await platform.wait_caught_up()
    projected = await platform.tables()
    conn = await asyncpg.connect(platform.settings.database_url)
    try:
        for table in READ_MODEL_TABLES:
            await conn.execute(f"DELETE FROM {table}")
    finally:
        await conn.close()
    # Kafka still holds the group's offsets at the end of every topic; Postgres wins.
    async with worker_running(platform.settings, tmp_path / "second.log"):
        await platform.wait_caught_up()
        assert await platform.tables() == projected
        answers = await reports(platform)
    assert answers["funnel"] == EXPECTED_FUNNEL
    assert answers["outcomes"] == EXPECTED_OUTCOMES


@pytest.mark.parametrize("workers", [2, 3])
async def test_a_rebuild_in_several_processes_writes_what_a_rebuild_alone_writes(
    platform: Platform, workers: int
) -> None:
    await platform.publish_history(placements_first=False)
    await rebuild(platform.settings, workers=1)
    alone = await platform.tables()

    await rebuild(platform.settings, workers=workers)

    assert await platform.tables() == alone


async def test_a_rebuild_whose_workers_made_the_same_fact_replays_again_on_one_core(
    platform: Platform,
) -> None:
    """Events about one fact must carry one Kafka key (the workers split the log by
    partition number, and a key has the same partition in every topic): a withdrawal of
    application 1 keyed otherwise lands on a partition of the other worker, the two shares
    clash, and the rebuild starts over alone, with the result a rebuild alone gives."""
    await platform.publish_history()
    withdrawal = ApplicationWithdrawn(
        application_id=app_id(1), programme_id=PROGRAMME, withdrawn_at=at(6, 1, 9)
    )
    event = new_event(withdrawal, source="/returners/applications")
    topic = spec_for(ApplicationWithdrawn).topic
    partitions = list(range(topic.partitions))

    def worker_of(key: bytes) -> int:
        return partition_for(key, partitions, partitions) % 2

    owner = worker_of(event.subject.encode())
    other_key = next(k for k in (bytes([i]) for i in range(256)) if worker_of(k) != owner)
    await produce_raw(
        platform.kafka,
        topic.qualified(platform.settings.kafka_topic_prefix),
        encode_value(event),
        key=other_key,
        headers=record_headers(event.type, event.id),
    )
    await rebuild(platform.settings, workers=1)
    alone = await platform.tables()
    console = Console(file=io.StringIO())

    await rebuild(platform.settings, workers=2, console=console)

    assert await platform.tables() == alone
    assert "replaying again on one core" in console.file.getvalue()  # type: ignore[attr-defined]


async def _no_dead_letters(*_: object) -> None:
    raise AssertionError("the history has no undecodable record")

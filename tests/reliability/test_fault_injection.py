"""Faults under a steady stream of submissions; after each, nothing a client was told
succeeded is lost or takes effect twice, nothing crash-loops, and the recovery is timed.

The faults run in this order on one platform (the module's), each with a programme of its
own; every check covers every fault so far, so a later fault cannot undo an earlier one.
"""

import time
from collections.abc import Awaitable, Callable

import pytest

from returners_cli.testing.commit_faults import client_checked
from returners_cli.testing.polling import eventually

from .faults import (
    MidCommit,
    Window,
    expected_dead_letters,
    inject_undeliverable,
    kill,
    missing_dead_letters,
    outage,
    outage_mid_commit,
    redeliver_tail,
)
from .phase import run_fault
from .platform import Platform

pytestmark = [pytest.mark.integration, pytest.mark.long(minutes=3)]

REDELIVERED_PER_PARTITION = 25


@pytest.mark.parametrize("service", ["applications", "matching", "notifications", "reporting"])
async def test_kill_9_of_each_service_then_restart(platform: Platform, service: str) -> None:
    process = platform.cluster[service]
    await run_fault(
        platform,
        f"kill -9 {service}",
        lambda: outage(platform.stream, kill(process), process.start),
    )


async def test_kill_9_of_the_outbox_relay_then_restart(platform: Platform) -> None:
    relay = platform.cluster.relays["applications"]
    await run_fault(
        platform,
        "kill -9 outbox relay (applications)",
        lambda: outage(platform.stream, kill(relay), relay.start),
    )


async def test_kafka_broker_stopped_and_restarted(platform: Platform) -> None:
    await run_fault(
        platform,
        "Kafka broker stop + restart",
        lambda: outage(platform.stream, platform.broker.stop, platform.broker.start),
    )


async def test_postgres_stopped_fast_and_restarted(platform: Platform) -> None:
    await run_fault(
        platform,
        "Postgres fast shutdown + restart",
        lambda: outage(platform.stream, platform.postgres.stop, platform.postgres.start),
    )


async def test_kill_9_of_applications_while_commits_are_in_flight(platform: Platform) -> None:
    """A server finishes a COMMIT it has received even if its client dies meanwhile: here it
    checks for its client, so a kill mid-COMMIT rolls the transaction back, as a kill just
    before the COMMIT was sent would."""
    process = platform.cluster["applications"]

    async def kill_mid_commit() -> MidCommit:
        async with client_checked(platform.postgres.dsn()):
            return await outage_mid_commit(
                platform.postgres.dsn("applications"), platform.stream, kill(process), process.start
            )

    await _run_mid_commit(platform, "kill -9 applications mid-COMMIT", kill_mid_commit)


async def test_postgres_crashed_while_commits_are_in_flight(platform: Platform) -> None:
    postgres = platform.postgres
    await _run_mid_commit(
        platform,
        "Postgres immediate stop mid-COMMIT",
        lambda: outage_mid_commit(
            postgres.dsn("applications"),
            platform.stream,
            lambda: postgres.stop(mode="immediate"),
            postgres.start,
        ),
    )


async def _run_mid_commit(
    platform: Platform, fault: str, inject: Callable[[], Awaitable[MidCommit]]
) -> None:
    done: list[MidCommit] = []

    async def window() -> Window:
        done.append(await inject())
        return done[0].window

    async def caught() -> list[str]:
        mid_commit = done[0]
        assert mid_commit.cut_off > 0, (
            f"{fault}: none of the {mid_commit.waiting} submissions in their COMMIT when the "
            "kill was issued was cut off by it (all saved): the window was missed"
        )
        return [
            f"{mid_commit.waiting} submissions in their COMMIT when the kill was issued, "
            f"{mid_commit.cut_off} of them cut off by it (never saved)"
        ]

    await run_fault(platform, fault, window, caught)


async def test_malformed_and_unknown_version_events_are_dead_lettered(platform: Platform) -> None:
    injected = []

    async def inject() -> Window:
        started = time.monotonic()
        injected.extend(await inject_undeliverable(platform.bootstrap, platform.prefix))
        return Window(started, time.monotonic())

    async def dead_lettered() -> list[str]:
        await eventually(
            lambda: missing_dead_letters(platform.bootstrap, platform.prefix, injected),
            until=lambda missing: not missing,
            timeout=60,
            what="every undeliverable record on its dead-letter topics",
        )
        expected = expected_dead_letters(platform.prefix, injected)
        return [f"{len(injected)} records injected; all {expected} dead letters as expected"]

    await run_fault(platform, "malformed + unknown-version events", inject, dead_lettered)


async def test_a_stretch_of_every_topic_redelivered(platform: Platform) -> None:
    sent = 0

    async def redeliver() -> Window:
        nonlocal sent
        started = time.monotonic()
        sent = await redeliver_tail(platform.bootstrap, platform.prefix, REDELIVERED_PER_PARTITION)
        return Window(started, time.monotonic())

    async def republished() -> list[str]:
        return [
            f"{sent} records re-published byte for byte (last {REDELIVERED_PER_PARTITION} "
            "of every partition of every event topic)"
        ]

    await run_fault(platform, "redelivery of every topic's tail", redeliver, republished)

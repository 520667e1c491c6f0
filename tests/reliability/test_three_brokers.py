"""Kafka at production's shape: three KRaft nodes (each broker and controller, as Strimzi
runs them), every topic at replication factor 3 with ``min.insync.replicas=2``, producers on
``acks=all``. Under the suite's steady stream of submissions, one cluster takes, in order:

1. ``kill -9`` of the node leading the busiest partition (of the applications topic, where
   the stream writes);
2. ``kill -9`` of the active controller (a new one must be elected while it is down);
3. one node stopped for a minute while the load goes on (writes must go on too).

After each, the one-broker suite's checks (phase.run_fault): every 2xx submission has
exactly one ``application.submitted``, one decision and one funnel count, nothing is
doubled, and the stall and recovery times are printed; and every partition is back to three
in-sync replicas before the next fault. Records carry the broker's append time
(``LogAppendTime``), so the log's stall is the broker's own account.

Not part of ``make test``: ``make test-brokers``.
"""

import asyncio
import time
from collections.abc import Iterator

import pytest

from returners_cli.stack.kafka_cluster import KafkaCluster, partition_states
from returners_cli.stack.postgres import SERVICE_DATABASES
from returners_cli.stack.processes import wait_until
from returners_cli.stack.scratch import scratch_home, scratch_kafka_cluster, scratch_postgres
from returners_cli.testing.polling import eventually
from returners_platform.contracts.topics import APPLICATIONS, EVENT_TOPICS

from .faults import Window, outage
from .observe import append_times, log_ends, longest_gap
from .phase import run_fault
from .platform import Platform, running_platform
from .report import set_artifact

pytestmark = [pytest.mark.integration, pytest.mark.three_brokers, pytest.mark.timeout(1800)]

BROKER_STOPPED_SECONDS = 60.0  # the "stop one broker for a minute"
MAX_STALL_WITH_A_NODE_DOWN = 15.0  # seconds without an append, in that minute
ISR_TIMEOUT = 120.0
RESTART_TIMEOUT = 180.0  # a restarted node answering again (it catches up its replicas first)
# Three JVMs, four services and Postgres share two cores here: the decision emails of a few
# hundred submissions backed up behind a fault take longer to drain than on one broker.
CONVERGENCE_TIMEOUT = 180.0
STREAM_RATE = 4.0  # submissions a second (the one-broker suite sends 6)


@pytest.fixture(scope="module")
def platform() -> Iterator[Platform]:
    set_artifact("reliability-three-brokers.json")
    home = scratch_home("returners-three-brokers-")
    kafka = scratch_kafka_cluster(
        home, size=3, config={"log.message.timestamp.type": "LogAppendTime"}
    )
    # Topics (the services' and faust's) at replication factor 3, as Strimzi's KafkaTopics.
    replicated = {s: {f"{s.upper()}_KAFKA_REPLICATION_FACTOR": "3"} for s in SERVICE_DATABASES}
    with running_platform(
        home,
        kafka,
        scratch_postgres(home),
        logs="three-brokers-logs",
        phases=5,
        extra_env=replicated,
        per_second=STREAM_RATE,
    ) as running:
        yield running


def cluster_of(platform: Platform) -> KafkaCluster:
    assert isinstance(platform.broker, KafkaCluster)
    return platform.broker


async def fully_replicated(kafka: KafkaCluster) -> list[str]:
    """Wait until every partition has all three replicas in sync again (the next fault then
    starts from a whole cluster); a note with how long that took."""
    started = time.monotonic()
    await eventually(
        lambda: asyncio.to_thread(kafka.under_replicated),
        until=lambda behind: not behind,
        timeout=ISR_TIMEOUT,
        interval=1.0,
        what="every partition back to 3 in-sync replicas",
    )
    return [f"every partition 3/3 in sync {time.monotonic() - started:.1f}s after recovery"]


async def busiest_leader(platform: Platform) -> tuple[int, str]:
    """The node leading the busiest partition: the partition of the applications topic (the
    one the stream of submissions writes to) with the most records."""
    ends = await log_ends(platform.bootstrap, [APPLICATIONS.qualified(platform.prefix)])
    busiest = max(ends, key=lambda tp: ends[tp])
    states = await partition_states(platform.bootstrap)
    leader = next(
        s.leader for s in states if (s.topic, s.partition) == (busiest.topic, busiest.partition)
    )
    return leader, f"{busiest.topic}:{busiest.partition}"


def test_the_cluster_is_production_shaped(platform: Platform) -> None:
    """Three nodes; every event topic at replication 3 with all replicas in sync."""
    kafka = cluster_of(platform)
    assert kafka.running() == [1, 2, 3]
    topics = {t.qualified(platform.prefix) for t in EVENT_TOPICS}
    replicas = {(p.topic, len(p.replicas)) for p in kafka.partitions() if p.topic in topics}
    assert replicas == {(topic, 3) for topic in topics}
    assert kafka.under_replicated() == []


async def test_kill_9_of_the_busiest_partitions_leader(platform: Platform) -> None:
    kafka = cluster_of(platform)
    node_id, partition = await busiest_leader(platform)
    node = kafka.node(node_id)
    await run_fault(
        platform,
        f"kill -9 node {node_id} (leads {partition.split('.')[-1]})",
        lambda: outage(platform.stream, node.kill, lambda: node.start(timeout=RESTART_TIMEOUT)),
        lambda: fully_replicated(kafka),
        convergence_timeout=CONVERGENCE_TIMEOUT,
    )


async def test_kill_9_of_the_active_controller(platform: Platform) -> None:
    kafka = cluster_of(platform)
    controller = await asyncio.to_thread(kafka.active_controller)
    node = kafka.node(controller)
    elected: list[int] = []

    def another_controller() -> bool:
        elected.append(kafka.active_controller())
        return elected[-1] != controller

    def kill_and_see_a_new_controller() -> None:
        node.kill()
        # Each look is a JVM of Kafka's tools: every 2 s, not to starve the cluster's own.
        wait_until(another_controller, timeout=90, what="a new active controller", interval=2.0)

    async def new_controller_then_whole() -> list[str]:
        return [f"node {elected[-1]} became the active controller", *await fully_replicated(kafka)]

    await run_fault(
        platform,
        f"kill -9 active controller (node {controller})",
        lambda: outage(
            platform.stream,
            kill_and_see_a_new_controller,
            lambda: node.start(timeout=RESTART_TIMEOUT),
        ),
        new_controller_then_whole,
        convergence_timeout=CONVERGENCE_TIMEOUT,
    )


async def test_one_broker_stopped_for_a_minute_while_load_goes_on(platform: Platform) -> None:
    kafka = cluster_of(platform)
    node_id, _ = await busiest_leader(platform)
    node = kafka.node(node_id)
    down: list[float] = []  # when the node was down: [stopped, restarting] (monotonic)

    async def stop_for_a_minute() -> Window:
        started = time.monotonic()
        await asyncio.to_thread(node.stop)
        down.append(time.monotonic())
        await eventually(
            lambda: time.monotonic() - down[0],
            until=lambda seconds: seconds >= BROKER_STOPPED_SECONDS,
            timeout=BROKER_STOPPED_SECONDS + 30,
            interval=1.0,
            what=f"a minute with node {node_id} stopped",
        )
        down.append(time.monotonic())
        await asyncio.to_thread(node.start, timeout=RESTART_TIMEOUT)
        return Window(started, time.monotonic())

    async def writes_went_on() -> list[str]:
        to_wall = time.time() - time.monotonic()
        appended = await append_times(platform.bootstrap, APPLICATIONS.qualified(platform.prefix))
        start, end = down[0] + to_wall, down[1] + to_wall
        during = sum(1 for t in appended if start <= t <= end)
        gap = longest_gap(appended, start, end)
        assert gap <= MAX_STALL_WITH_A_NODE_DOWN, (
            f"writes stopped for {gap:.1f}s with one node of three down"
        )
        return [
            f"node {node_id} down {down[1] - down[0]:.0f}s: {during} submissions appended "
            f"meanwhile, at most {gap:.1f}s apart",
            *await fully_replicated(kafka),
        ]

    await run_fault(
        platform,
        f"node {node_id} stopped for a minute",
        stop_for_a_minute,
        writes_went_on,
        convergence_timeout=CONVERGENCE_TIMEOUT,
    )

"""Three KRaft nodes (each broker and controller) with one cluster id and one quorum: the
shape of production's Strimzi cluster, for tests that lose a broker, a partition leader or
the active controller. Replication factor 3 and ``min.insync.replicas=2`` are the cluster's
defaults, so with producers on ``acks=all`` one node can be lost without losing an
acknowledged record or stopping writes.
"""

import asyncio
import re
import subprocess
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer

from returners_cli.stack.kafka import KafkaBroker


@dataclass(frozen=True)
class PartitionState:
    topic: str
    partition: int
    leader: int  # -1: none
    replicas: tuple[int, ...]
    isr: tuple[int, ...]


@dataclass
class KafkaCluster:
    nodes: list[KafkaBroker]

    @property
    def bootstrap(self) -> str:
        return ",".join(node.bootstrap for node in self.nodes)

    def node(self, node_id: int) -> KafkaBroker:
        return next(n for n in self.nodes if n.node_id == node_id)

    def start(self, *, timeout: float = 120.0) -> None:
        """Start every node that is not running, then wait for each to answer (a node
        answers only once a majority of the quorum runs)."""
        for node in self.nodes:
            node.start(wait=False)
        for node in self.nodes:
            node.wait_ready(timeout=timeout)

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()

    def running(self) -> list[int]:
        return [n.node_id for n in self.nodes if n.running_pid() is not None]

    def active_controller(self) -> int:
        """The node id of the quorum's leader (the active controller), as Kafka's own
        ``kafka-metadata-quorum describe --status`` reports it."""
        node = next(n for n in self.nodes if n.running_pid() is not None)
        argv = node.java_command(
            "org.apache.kafka.tools.MetadataQuorumCommand",
            "--bootstrap-server",
            self.bootstrap,
            "describe",
            "--status",
        )
        result = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
        found = re.search(r"LeaderId:\s+(\d+)", result.stdout)
        if result.returncode != 0 or found is None:
            raise RuntimeError(f"describing the quorum failed: {result.stdout}{result.stderr}")
        return int(found.group(1))

    def partitions(self) -> list[PartitionState]:
        """Every partition of every topic: its leader and in-sync replicas."""
        return asyncio.run(partition_states(self.bootstrap))

    def under_replicated(self) -> list[str]:
        """Partitions with fewer in-sync replicas than replicas (or no leader)."""
        return [
            f"{p.topic}:{p.partition} isr {sorted(p.isr)} of {sorted(p.replicas)}"
            for p in self.partitions()
            if p.leader < 0 or set(p.isr) != set(p.replicas)
        ]


async def partition_states(bootstrap: str) -> list[PartitionState]:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        metadata = await consumer._client.fetch_all_metadata()
        return [
            PartitionState(m.topic, m.partition, m.leader, tuple(m.replicas), tuple(m.isr))
            for by_partition in metadata._partitions.values()
            for m in by_partition.values()
        ]
    finally:
        await consumer.stop()

"""Throwaway Kafka, Postgres and Toxiproxy for tests and benchmarks: a scratch home, free ports.

The servers come back unstarted, so that their owner can stop and restart each one.
"""

import os
import random
import re
import socket
import tempfile
from pathlib import Path

from returners_cli.stack.kafka import KafkaBroker, kafka_cluster_id
from returners_cli.stack.kafka_cluster import KafkaCluster
from returners_cli.stack.paths import cache_dir
from returners_cli.stack.postgres import PostgresServer
from returners_cli.stack.toxiproxy import ToxiproxyServer

# Ports are handed out below Linux's ephemeral range (32768-60999), where outgoing
# connections take their local ports: a port picked there can be taken by any client
# socket before its server binds it. Parallel pytest workers each draw from their own
# band, and one process never hands out the same port twice.
_PORT_RANGE = (10000, 32000)
_BANDS = 8
_handed_out: set[int] = set()


def _band() -> range:
    low, high = _PORT_RANGE
    width = (high - low) // _BANDS
    worker = re.fullmatch(r"gw(\d+)", os.environ.get("PYTEST_XDIST_WORKER", ""))
    index = int(worker.group(1)) % _BANDS if worker else os.getpid() % _BANDS
    return range(low + index * width, low + (index + 1) * width)


def _bindable(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """A port nobody listens on, not handed out before by this process."""
    band = _band()
    for _ in range(len(band)):
        port = random.choice(band)
        if port not in _handed_out and _bindable(port):
            _handed_out.add(port)
            return port
    raise RuntimeError(f"no free port left in {band.start}-{band.stop - 1}")


def scratch_home(prefix: str) -> Path:
    """A fresh temporary directory the ``postgres`` user can reach its data directory through."""
    home = Path(tempfile.mkdtemp(prefix=prefix))
    home.chmod(0o755)
    return home


def scratch_broker(
    home: Path,
    *,
    listeners: dict[str, tuple[int, str]] | None = None,
    heap: str | None = None,
    jvm_options: tuple[str, ...] = (),
) -> KafkaBroker:
    """A single-node broker under ``home/kafka`` on free ports (jars from the shared cache),
    with ``listeners`` besides its own (name -> (port, advertised address)), ``heap`` as its
    ``-Xmx`` (``KafkaBroker``'s default without it) and ``jvm_options``."""
    return KafkaBroker(
        home=home / "kafka",
        jar_cache=cache_dir() / "kafka",
        port=free_port(),
        controller_port=free_port(),
        listeners=listeners or {},
        heap=heap or KafkaBroker.heap,
        jvm_options=jvm_options,
    )


# A broker that cannot register with the quorum in time exits; the default (60 s) is too short
# for three JVMs starting at once on a busy two-core machine.
CLUSTER_NODE_CONFIG = {"initial.broker.registration.timeout.ms": "300000"}


def scratch_kafka_cluster(
    home: Path, *, size: int = 3, config: dict[str, str] | None = None
) -> KafkaCluster:
    """``size`` KRaft nodes under ``home/kafka-<id>`` on free ports, one quorum; replication
    factor ``min(3, size)`` and ``min.insync.replicas`` one less (production's 3 and 2)."""
    ports = [(free_port(), free_port()) for _ in range(size)]
    voters = ",".join(f"{i}@127.0.0.1:{c}" for i, (_, c) in enumerate(ports, start=1))
    replication = min(3, size)
    cluster_id = kafka_cluster_id()
    return KafkaCluster(
        [
            KafkaBroker(
                home=home / f"kafka-{node_id}",
                jar_cache=cache_dir() / "kafka",
                port=port,
                controller_port=controller_port,
                heap="384m",
                node_id=node_id,
                voters=voters,
                cluster_id=cluster_id,
                replication=replication,
                min_insync_replicas=max(1, replication - 1),
                config=CLUSTER_NODE_CONFIG | (config or {}),
            )
            for node_id, (port, controller_port) in enumerate(ports, start=1)
        ]
    )


def scratch_postgres(home: Path) -> PostgresServer:
    """A PostgreSQL server under ``home/postgres`` on a free port."""
    return PostgresServer(home=home / "postgres", port=free_port())


def scratch_toxiproxy(home: Path) -> ToxiproxyServer:
    """A Toxiproxy server under ``home/toxiproxy`` on a free port (binary from the cache)."""
    return ToxiproxyServer(
        home=home / "toxiproxy", binary_cache=cache_dir() / "toxiproxy", port=free_port()
    )

"""Throwaway Kafka and Postgres for tests and benchmarks: a scratch home, free ports.

The servers come back unstarted, so that their owner can stop and restart each one.
"""

import os
import random
import re
import socket
import tempfile
from pathlib import Path

from returners_cli.stack.kafka import KafkaBroker
from returners_cli.stack.paths import cache_dir
from returners_cli.stack.postgres import PostgresServer

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


def scratch_broker(home: Path) -> KafkaBroker:
    """A single-node broker under ``home/kafka`` on free ports (jars from the shared cache)."""
    return KafkaBroker(
        home=home / "kafka",
        jar_cache=cache_dir() / "kafka",
        port=free_port(),
        controller_port=free_port(),
    )


def scratch_postgres(home: Path) -> PostgresServer:
    """A PostgreSQL server under ``home/postgres`` on a free port."""
    return PostgresServer(home=home / "postgres", port=free_port())

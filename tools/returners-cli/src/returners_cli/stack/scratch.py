"""Throwaway Kafka and Postgres for tests and benchmarks: a scratch home, free ports.

The servers come back unstarted, so that their owner can stop and restart each one.
"""

import socket
import tempfile
from pathlib import Path

from returners_cli.stack.kafka import KafkaBroker
from returners_cli.stack.paths import cache_dir
from returners_cli.stack.postgres import PostgresServer


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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

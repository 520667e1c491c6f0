"""A PostgreSQL 15 server from the machine's binaries, one database per service.

``initdb`` refuses to run as root, so as root the server runs as the ``postgres``
user (``runuser``), in a data directory owned by it.
"""

import asyncio
import glob
import os
import pwd
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import asyncpg

from returners_cli.stack import processes
from returners_cli.stack.kafka import MissingToolError

SERVICE_DATABASES = (
    "applications",
    "matching",
    "notifications",
    "reporting",
    "selection",
    "training",
)


def find_pg_bin() -> Path:
    """The directory holding initdb/pg_ctl: ``PG_BIN``, PATH, or Debian's versioned folder."""
    if env := os.environ.get("PG_BIN"):
        return Path(env)
    if found := shutil.which("pg_ctl"):
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    raise MissingToolError(
        "PostgreSQL server binaries (initdb, pg_ctl) were not found: install them "
        "(Debian: apt-get install postgresql) or set DATABASE_URL to a running server."
    )


def _as_server_user(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", "postgres", "--", *argv]


def accessible_to_server_user(path: Path) -> bool:
    """Whether the server's user can reach ``path`` (every parent must be traversable)."""
    if os.geteuid() != 0:
        return True
    result = subprocess.run(
        ["runuser", "-u", "postgres", "--", "test", "-x", str(path)], check=False
    )
    return result.returncode == 0


def _chown_to_server_user(path: Path) -> None:
    if os.geteuid() == 0:
        entry = pwd.getpwnam("postgres")
        os.chown(path, entry.pw_uid, entry.pw_gid)


@dataclass
class PostgresServer:
    home: Path
    port: int = 5433

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def log_file(self) -> Path:
        return self.home / "postgres.log"

    def dsn(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def running(self) -> bool:
        pid_file = self.data_dir / "postmaster.pid"
        if not pid_file.exists():
            return False
        pid = processes.read_pid_first_line(pid_file)
        return pid is not None and processes.pid_alive(pid)

    def start(self) -> None:
        bin_dir = find_pg_bin()
        self.home.mkdir(parents=True, exist_ok=True)
        if not accessible_to_server_user(self.home.parent):
            raise RuntimeError(
                f"the postgres user cannot reach {self.home.parent}; "
                "set RETURNERS_PG_HOME to a directory it can reach"
            )
        _chown_to_server_user(self.home)
        if not (self.data_dir / "PG_VERSION").exists():
            self.data_dir.mkdir(exist_ok=True)
            _chown_to_server_user(self.data_dir)
            subprocess.run(
                _as_server_user(
                    [
                        str(bin_dir / "initdb"),
                        "-D",
                        str(self.data_dir),
                        "-A",
                        "trust",
                        "-U",
                        "postgres",
                        "-E",
                        "UTF8",
                        "--no-instructions",
                    ]
                ),
                check=True,
                capture_output=True,
            )
        if not self.running():
            options = (
                f"-h 127.0.0.1 -p {self.port} -k {self.home} -c max_connections=400 "
                # The local and test databases are small; each process of the server maps
                # and touches part of the shared buffers (resident in every one of them).
                "-c shared_buffers=32MB"
            )
            if not os.access(self.log_file, os.F_OK):
                self.log_file.touch()
                _chown_to_server_user(self.log_file)
            result = subprocess.run(
                _as_server_user(
                    [
                        str(bin_dir / "pg_ctl"),
                        "-D",
                        str(self.data_dir),
                        "-o",
                        options,
                        "-l",
                        str(self.log_file),
                        "-w",
                        "-t",
                        "60",
                        "start",
                    ]
                ),
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                raise RuntimeError(
                    f"PostgreSQL did not start: {result.stderr or result.stdout}; "
                    f"see {self.log_file}"
                )

    def stop(self, mode: Literal["fast", "immediate"] = "fast") -> bool:
        """``pg_ctl stop -m <mode>``: fast rolls back open transactions and shuts down
        cleanly; immediate ends every process at once, as a crash would (the next start
        recovers from the WAL). Whether it was running."""
        if not self.running():
            return False
        subprocess.run(
            _as_server_user(
                [
                    str(find_pg_bin() / "pg_ctl"),
                    "-D",
                    str(self.data_dir),
                    "-m",
                    mode,
                    "-w",
                    "stop",
                ]
            ),
            capture_output=True,
            check=False,
        )
        return True

    def create_databases(self, names: tuple[str, ...] | list[str] = SERVICE_DATABASES) -> None:
        asyncio.run(create_databases(self.dsn(), names))


async def create_databases(admin_dsn: str, names: tuple[str, ...] | list[str]) -> None:
    """Create each database that does not exist yet."""
    conn = await asyncpg.connect(admin_dsn)
    try:
        existing = {r["datname"] for r in await conn.fetch("SELECT datname FROM pg_database")}
        for name in names:
            if name not in existing:
                await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()

"""What is running: every component of the local platform and its health."""

import asyncio
from dataclasses import asdict, dataclass

import asyncpg
import httpx

from returners_cli.stack import processes
from returners_cli.stack.kafka import broker_answers
from returners_cli.stack.local import MAIL_PORT, PORTAL, SERVICES, LocalPlatform, ServiceSpec


@dataclass(frozen=True)
class ComponentStatus:
    name: str
    healthy: bool
    pid: int | None
    address: str
    detail: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def platform_status(platform: LocalPlatform) -> list[ComponentStatus]:
    kafka = platform.kafka
    kafka_ok = kafka.running_pid() is not None and broker_answers(kafka.bootstrap)
    rows = [
        _service(platform, PORTAL),
        ComponentStatus(
            "kafka",
            kafka_ok,
            kafka.running_pid(),
            kafka.bootstrap,
            "metadata request answered" if kafka_ok else "not answering",
        ),
        _postgres(platform),
        _mail(platform),
    ]
    rows += [_service(platform, spec) for spec in SERVICES]
    return rows


def _service(platform: LocalPlatform, spec: ServiceSpec) -> ComponentStatus:
    pid = processes.running_pid(platform.pid_file(spec.name))
    detail, healthy = _readyz(spec.url)
    return ComponentStatus(spec.name, healthy and pid is not None, pid, spec.url, detail)


def _postgres(platform: LocalPlatform) -> ComponentStatus:
    server = platform.postgres
    pid = processes.read_pid_first_line(server.data_dir / "postmaster.pid")

    async def probe() -> str:
        conn = await asyncpg.connect(server.dsn(), timeout=3)
        try:
            return str(await conn.fetchval("SHOW server_version"))
        finally:
            await conn.close()

    try:
        version = asyncio.run(probe())
        return ComponentStatus("postgres", True, pid, server.dsn(), f"PostgreSQL {version}")
    except Exception as exc:
        return ComponentStatus("postgres", False, None, server.dsn(), repr(exc))


def _mail(platform: LocalPlatform) -> ComponentStatus:
    pid = processes.running_pid(platform.pid_file("mail"))
    return ComponentStatus(
        "mail",
        pid is not None,
        pid,
        f"smtp://127.0.0.1:{MAIL_PORT}",
        f"maildir {platform.maildir}" if pid else "not running",
    )


def _readyz(url: str) -> tuple[str, bool]:
    try:
        response = httpx.get(f"{url}/readyz", timeout=3)
    except httpx.HTTPError as exc:
        return f"unreachable: {type(exc).__name__}", False
    checks = response.json().get("checks", {})
    detail = ", ".join(f"{k} {v}" for k, v in checks.items()) or response.text[:80]
    return detail, response.status_code == 200

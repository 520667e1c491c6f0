"""What the email tests run against: a real SMTP server (the devmail module: aiosmtpd writing
a Maildir) and the real applications service, served over HTTP by uvicorn on a free port, so
the contact lookup crosses the network as in production."""

import asyncio
import mailbox
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from pydantic import SecretStr

from applications.bootstrap import create_app as create_applications_app
from applications.config import Settings as ApplicationsSettings
from notifications import devmail
from notifications.config import SmtpSettings
from notifications.delivery.smtp_connections import SmtpConnections
from returners_cli.testing.fixtures import free_port, fresh_database
from returners_cli.testing.polling import eventually
from returners_cli.testing.services import settings_for_test

from .conftest import INTERNAL_TOKEN


@dataclass
class Mailbox:
    path: Path
    port: int

    def messages(self, to: str | None = None) -> list[EmailMessage]:
        box = mailbox.Maildir(self.path, factory=None, create=False)
        found = []
        for key in box.iterkeys():
            with box.get_file(key) as handle:
                parsed = _parse(handle.read())
            if to is None or to in str(parsed["To"]):
                found.append(parsed)
        return found

    async def wait_for(self, to: str, count: int, timeout: float = 60) -> list[EmailMessage]:
        async def probe() -> list[EmailMessage]:
            return self.messages(to)

        return await eventually(
            probe,
            until=lambda found: len(found) >= count,
            timeout=timeout,
            what=f"{count} message(s) to {to}",
        )


def _parse(data: bytes) -> EmailMessage:
    parsed: Any = message_from_bytes(data, policy=default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def smtp_connections_to(port: int, sender: str) -> SmtpConnections:
    """Notifications' SMTP client for a local server on ``port`` (plain, no login)."""
    return SmtpConnections(
        SmtpSettings(
            host="127.0.0.1",
            port=port,
            username=None,
            password=None,
            starttls=False,
            tls=False,
            timeout_seconds=5,
            sender=sender,
        )
    )


@asynccontextmanager
async def smtp_server(maildir: Path, port: int = 0) -> AsyncIterator[Mailbox]:
    """The devmail server on ``port`` (0: a free one) until the block ends."""
    server = await devmail.start("127.0.0.1", port, maildir)
    port = int(server.sockets[0].getsockname()[1])
    try:
        yield Mailbox(maildir, port)
    finally:
        server.close()
        await server.wait_closed()


@dataclass
class Applications:
    base_url: str
    client: httpx.AsyncClient


@asynccontextmanager
async def applications_service(
    admin_dsn: str, kafka: str, prefix: str
) -> AsyncIterator[Applications]:
    """The applications service in this process, serving real HTTP on a free port."""
    async with fresh_database(admin_dsn, prefix="apps") as database:
        values: dict[str, Any] = {
            **settings_for_test(database_url=database, kafka_bootstrap=kafka, topic_prefix=prefix),
            "internal_token": SecretStr(INTERNAL_TOKEN),
        }
        settings = ApplicationsSettings(**values)
        port = free_port()
        config = uvicorn.Config(
            create_applications_app(settings),
            host="127.0.0.1",
            port=port,
            log_config=None,
            lifespan="on",
        )
        server = uvicorn.Server(config)
        task = asyncio.create_task(server.serve())
        base_url = f"http://127.0.0.1:{port}"
        try:
            # The client lets an idle connection go before the server's keep-alive (5 s) can
            # close it under a request: a request on a connection closing is a ReadError.
            limits = httpx.Limits(keepalive_expiry=1.0)
            async with httpx.AsyncClient(base_url=base_url, timeout=30, limits=limits) as client:
                await eventually(
                    lambda: _ready(client, task),
                    until=bool,
                    timeout=60,
                    what="applications service ready",
                )
                yield Applications(base_url, client)
        finally:
            server.should_exit = True
            await task


async def _ready(client: httpx.AsyncClient, task: "asyncio.Task[None]") -> bool:
    if task.done():
        task.result()  # startup failed: show why
        raise AssertionError("the applications service stopped")
    try:
        return (await client.get("/readyz")).status_code == 200
    except httpx.TransportError:
        return False

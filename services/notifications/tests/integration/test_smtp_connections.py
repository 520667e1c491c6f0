"""SMTP connections kept between emails: one connection for a run of emails, a fresh one when
the server closed the kept one or it sat idle too long, and every email delivered once."""

import asyncio
import mailbox
from collections.abc import AsyncIterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.smtp import SMTP

from notifications.config import SmtpSettings
from notifications.delivery import smtp_connections
from notifications.delivery.smtp_connections import SmtpConnections
from notifications.devmail import MaildirHandler


class MailServer:
    """The devmail handler on a real listening socket, counting the connections it accepted
    (and able to drop them, as a server's idle timeout does)."""

    def __init__(self, maildir: Path) -> None:
        self.maildir = maildir
        self.sessions: list[SMTP] = []
        self.port = 0

    def _session(self, handler: MaildirHandler) -> SMTP:
        session = SMTP(handler, hostname="test")
        self.sessions.append(session)
        return session

    def drop_connections(self) -> None:
        for session in self.sessions:
            if session.transport is not None:
                session.transport.close()

    def received(self) -> list[str]:
        return [str(m["Subject"]) for m in mailbox.Maildir(self.maildir, create=False)]


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[MailServer]:
    found = MailServer(tmp_path / "mail")
    handler = MaildirHandler(found.maildir)
    listening = await asyncio.get_running_loop().create_server(
        lambda: found._session(handler), "127.0.0.1", 0
    )
    found.port = listening.sockets[0].getsockname()[1]
    async with listening:
        yield found


def _connections(server: MailServer) -> SmtpConnections:
    return SmtpConnections(
        SmtpSettings(
            host="127.0.0.1",
            port=server.port,
            username=None,
            password=None,
            starttls=False,
            tls=False,
            timeout_seconds=5,
            sender="Returners <no-reply@returners.example.org>",
        )
    )


def _email(subject: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Returners <no-reply@returners.example.org>"
    message["To"] = "Ada Lovelace <ada@example.org>"
    message["Subject"] = subject
    message.set_content("Dear Ada,\n")
    return message


async def test_a_run_of_emails_goes_over_one_connection(server: MailServer) -> None:
    smtp = _connections(server)
    try:
        for n in range(3):
            await smtp.send(_email(f"email {n}"))
    finally:
        await smtp.close()
    assert len(server.sessions) == 1
    assert sorted(server.received()) == ["email 0", "email 1", "email 2"]


async def test_emails_sent_at_once_each_get_a_connection_and_all_are_delivered(
    server: MailServer,
) -> None:
    smtp = _connections(server)
    try:
        await asyncio.gather(*(smtp.send(_email(f"email {n}")) for n in range(4)))
        await asyncio.gather(*(smtp.send(_email(f"again {n}")) for n in range(4)))
    finally:
        await smtp.close()
    assert len(server.sessions) == 4  # the second round reused the first round's
    assert len(server.received()) == 8


async def test_an_email_after_the_server_closed_the_kept_connection_goes_on_a_new_one_once(
    server: MailServer,
) -> None:
    smtp = _connections(server)
    try:
        await smtp.send(_email("before"))
        server.drop_connections()  # the client has not noticed yet: its send finds it closed
        await smtp.send(_email("after"))
    finally:
        await smtp.close()
    assert len(server.sessions) == 2
    assert sorted(server.received()) == ["after", "before"]


async def test_a_connection_kept_idle_too_long_is_not_used_again(
    server: MailServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(smtp_connections, "MAX_IDLE_SECONDS", 0.0)
    smtp = _connections(server)
    try:
        await smtp.send(_email("first"))
        await smtp.send(_email("second"))
    finally:
        await smtp.close()
    assert len(server.sessions) == 2
    assert sorted(server.received()) == ["first", "second"]

"""SMTP connections kept between emails: one connection for a run of emails, a fresh one when
the server closed the kept one or it sat idle too long, and every email delivered once; each
email as the server takes it (8BITMIME or not, SMTPUTF8 or not)."""

import asyncio
import email
import email.policy
import mailbox
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import aiosmtplib
import pytest
from aiosmtpd.smtp import SMTP, Envelope, Session

from notifications.delivery import smtp_connections
from notifications.delivery.smtp_connections import SmtpConnections
from notifications.devmail import MaildirHandler
from notifications.emails.message import OutgoingEmail, build_message
from notifications.emails.render import RenderedEmail

from .mail_stack import smtp_connections_to

SENDER = "Returners <no-reply@returners.example.org>"


class Handler(MaildirHandler):
    """The devmail handler, keeping each envelope's MAIL options and recipients too, and
    saying 8BITMIME in its EHLO answer or not (or refusing EHLO, as an old server does)."""

    def __init__(self, maildir: Path, *, eight_bit: bool, ehlo: bool) -> None:
        super().__init__(maildir)
        self.eight_bit = eight_bit
        self.ehlo = ehlo
        self.envelopes: list[tuple[list[str], list[str]]] = []

    async def handle_EHLO(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        hostname: str,
        responses: list[str],
    ) -> list[str]:
        if not self.ehlo:
            return ["502 5.5.2 Error: command not recognized"]
        session.host_name = hostname
        return [r for r in responses if self.eight_bit or "8BITMIME" not in r]

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.envelopes.append((list(envelope.mail_options), list(envelope.rcpt_tos)))
        return await super().handle_DATA(server, session, envelope)


class MailServer:
    """The devmail handler on a real listening socket, counting the connections it accepted
    (and able to drop them, as a server's idle timeout does)."""

    def __init__(
        self, maildir: Path, *, smtputf8: bool = False, eight_bit: bool = True, ehlo: bool = True
    ) -> None:
        self.maildir = maildir
        self.handler = Handler(maildir, eight_bit=eight_bit, ehlo=ehlo)
        self.smtputf8 = smtputf8
        self.sessions: list[SMTP] = []
        self.port = 0

    def _session(self) -> SMTP:
        session = SMTP(self.handler, hostname="test", enable_SMTPUTF8=self.smtputf8)
        self.sessions.append(session)
        return session

    def drop_connections(self) -> None:
        for session in self.sessions:
            if session.transport is not None:
                session.transport.close()

    def received(self) -> list[str]:
        return [str(m["Subject"]) for m in mailbox.Maildir(self.maildir, create=False)]

    def messages(self) -> list[bytes]:
        box = mailbox.Maildir(self.maildir, factory=None, create=False)
        return [box.get_bytes(key) for key in box.iterkeys()]


@pytest.fixture
async def listening() -> AsyncIterator[list[asyncio.Server]]:
    servers: list[asyncio.Server] = []
    yield servers
    for each in servers:
        each.close()
        await each.wait_closed()


@pytest.fixture
def start_server(tmp_path: Path, listening: list[asyncio.Server]) -> "StartServer":
    async def start(**options: bool) -> MailServer:
        found = MailServer(tmp_path / f"mail-{len(listening)}", **options)
        server = await asyncio.get_running_loop().create_server(found._session, "127.0.0.1", 0)
        listening.append(server)
        found.port = server.sockets[0].getsockname()[1]
        return found

    return start


StartServer = Callable[..., Awaitable[MailServer]]


@pytest.fixture
async def server(start_server: StartServer) -> MailServer:
    return await start_server()


def _connections(server: MailServer) -> SmtpConnections:
    return smtp_connections_to(server.port, SENDER)


def _email(subject: str, to_address: str = "ada@example.org") -> OutgoingEmail:
    return build_message(
        RenderedEmail(subject, "From Monday, Siân,\nyour placement starts.\n", "<p>Siân</p>"),
        sender=SENDER,
        to_name="Siân Jones",
        to_address=to_address,
        delivery_id=uuid.uuid4(),
    )


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


@pytest.mark.parametrize("eight_bit", [True, False], ids=["8bitmime", "7bit"])
async def test_the_email_arrives_as_written_whether_the_server_says_8bitmime_or_not(
    start_server: StartServer, eight_bit: bool
) -> None:
    server = await start_server(eight_bit=eight_bit)
    smtp = _connections(server)
    try:
        await smtp.send(_email("Your placement \N{EN DASH} Siân"))
    finally:
        await smtp.close()
    [(options, recipients)] = server.handler.envelopes
    assert ("BODY=8BITMIME" in options) is eight_bit
    assert recipients == ["ada@example.org"]
    [wire] = server.messages()
    assert eight_bit or wire.isascii()  # all a server without 8BITMIME may be sent
    received = email.message_from_bytes(wire, policy=email.policy.default)
    assert isinstance(received, email.message.EmailMessage)
    assert str(received["Subject"]) == "Your placement \N{EN DASH} Siân"
    assert str(received["To"]) == "Siân Jones <ada@example.org>"
    plain = received.get_body(("plain",))
    assert plain is not None
    assert (
        plain.get_content().replace("\r\n", "\n") == "From Monday, Siân,\nyour placement starts.\n"
    )


async def test_an_address_that_is_not_ascii_goes_to_a_server_that_takes_smtputf8(
    start_server: StartServer,
) -> None:
    server = await start_server(smtputf8=True)
    smtp = _connections(server)
    try:
        await smtp.send(_email("Welcome", to_address="josé@exämple.org"))
    finally:
        await smtp.close()
    [(options, recipients)] = server.handler.envelopes
    assert "SMTPUTF8" in options
    assert recipients == ["josé@exämple.org"]
    [wire] = server.messages()
    headers = email.message_from_string(
        wire.split(b"\r\n\r\n", 1)[0].decode(), policy=email.policy.default
    )
    assert str(headers["To"]) == "Siân Jones <josé@exämple.org>"


async def test_a_server_without_smtputf8_refuses_an_address_that_is_not_ascii(
    server: MailServer,
) -> None:
    smtp = _connections(server)
    try:
        with pytest.raises(aiosmtplib.SMTPNotSupported):
            await smtp.send(_email("Welcome", to_address="josé@example.org"))
        await smtp.send(_email("Welcome", to_address="jose@example.org"))
    finally:
        await smtp.close()
    assert [recipients for _, recipients in server.handler.envelopes] == [["jose@example.org"]]


async def test_a_server_that_refuses_ehlo_is_greeted_with_helo_and_sent_7bit(
    start_server: StartServer,
) -> None:
    server = await start_server(ehlo=False)
    smtp = _connections(server)
    try:
        await smtp.send(_email("Your placement"))
    finally:
        await smtp.close()
    [(options, recipients)] = server.handler.envelopes
    assert "BODY=8BITMIME" not in options
    assert recipients == ["ada@example.org"]
    [wire] = server.messages()
    assert wire.isascii()

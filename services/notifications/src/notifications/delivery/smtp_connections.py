"""Open SMTP connections kept between emails, one per delivery loop sending at a time.

A fresh connection for every email (connect, greeting, EHLO, the local host name looked up
in a thread, QUIT) cost more than the email itself: most of the delivery worker's time and
of the mail server's. A connection that sent an email goes back to be used again; one that
failed is closed. One kept idle longer than ``MAX_IDLE_SECONDS`` is closed rather than used,
before a server's idle timeout (five minutes is usual) can close it under us; a server may
still close one sooner, so a send on a reused connection that finds it closed
(``SMTPServerDisconnected``) is tried once more on a fresh one. The server had not taken
the message then, so it is not sent twice.

Each email goes as the server it is sent to takes it: with 8-bit bodies where it says
8BITMIME (else base64: ``OutgoingEmail.wire``), and asking for SMTPUTF8 when an address is
not ASCII (a server without it refuses the email: ``SMTPNotSupported``).
"""

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiosmtplib
import structlog

from notifications.config import SmtpSettings
from notifications.emails.message import OutgoingEmail

log = structlog.get_logger(__name__)

MAX_IDLE_SECONDS = 60.0
# Said in EHLO. Without it aiosmtplib asks socket.getfqdn() on every connection, a DNS
# lookup in a thread; the name is informational only.
LOCAL_HOSTNAME = "returners-notifications"


class SmtpConnections:
    def __init__(self, smtp: SmtpSettings) -> None:
        self._smtp = smtp
        self._idle: list[tuple[aiosmtplib.SMTP, float]] = []  # with when each was last used

    async def send(self, email: OutgoingEmail) -> None:
        """Send ``email`` on a kept connection if one is open, else on a new one."""
        reused = bool(self._idle)
        try:
            async with self._connection() as client:
                await _send(client, email)
        except aiosmtplib.SMTPServerDisconnected:
            if not reused:
                raise
            log.info("smtp_connection_closed_by_server_retrying")
            async with self._connection(fresh=True) as client:
                await _send(client, email)

    async def close(self) -> None:
        """Say goodbye on every kept connection (at shutdown)."""
        idle, self._idle = self._idle, []
        for client, _ in idle:
            await _quit(client)

    @asynccontextmanager
    async def _connection(self, *, fresh: bool = False) -> AsyncIterator[aiosmtplib.SMTP]:
        client = None if fresh else await self._take_idle()
        if client is None:
            client = self._new_client()
            try:
                await client.connect()
                await _greet(client)
            except BaseException:
                client.close()
                raise
        try:
            yield client
        except BaseException:
            client.close()
            raise
        self._idle.append((client, time.monotonic()))

    async def _take_idle(self) -> aiosmtplib.SMTP | None:
        while self._idle:
            client, last_used = self._idle.pop()
            if client.is_connected and time.monotonic() - last_used < MAX_IDLE_SECONDS:
                return client
            await _quit(client)
        return None

    def _new_client(self) -> aiosmtplib.SMTP:
        smtp = self._smtp
        return aiosmtplib.SMTP(
            hostname=smtp.host,
            port=smtp.port,
            username=smtp.username,
            password=smtp.password.get_secret_value() if smtp.password else None,
            start_tls=smtp.starttls,
            use_tls=smtp.tls,
            timeout=smtp.timeout_seconds,
            local_hostname=LOCAL_HOSTNAME,
        )


async def _greet(client: aiosmtplib.SMTP) -> None:
    """EHLO once a connection (what the server supports: 8BITMIME, SMTPUTF8), unless
    connecting did (to log in or start TLS); HELO for a server that refuses EHLO."""
    if client.is_ehlo_or_helo_needed:
        try:
            await client.ehlo()
        except aiosmtplib.SMTPHeloError:
            await client.helo()


async def _send(client: aiosmtplib.SMTP, email: OutgoingEmail) -> None:
    eight_bit = client.supports_extension("8bitmime")
    options = ["BODY=8BITMIME"] if eight_bit else []
    if email.needs_utf8:
        options.append("SMTPUTF8")
    await client.sendmail(
        email.sender, [email.recipient], email.wire(eight_bit=eight_bit), mail_options=options
    )


async def _quit(client: aiosmtplib.SMTP) -> None:
    try:
        if client.is_connected:
            await client.quit()
    except (aiosmtplib.SMTPException, OSError):
        pass
    finally:
        client.close()

"""A local mail server for development: receives SMTP and keeps every message in a Maildir.

    python -m notifications.devmail --port 1025 --maildir .returners/mail

Each message lands as one file under ``<maildir>/new`` (readable with any text
editor, ``mutt -f <maildir>``, or Python's ``mailbox.Maildir``). It accepts any
sender and recipient and relays nothing: it is for local development only.
"""

import argparse
import asyncio
import logging
import mailbox
import signal
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Any

import structlog
from aiosmtpd.smtp import SMTP, Envelope, Session

log = structlog.get_logger(__name__)


class MaildirHandler:
    """aiosmtpd handler: each accepted message is added to the Maildir."""

    def __init__(self, maildir: Path) -> None:
        self._maildir = open_maildir(maildir)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or envelope.content
        data = content if isinstance(content, bytes) else str(content).encode()
        # Kept as received: parsing the whole message to write it out again cost more than
        # the rest of receiving it. Only the headers are read, for the log line.
        headers = BytesHeaderParser().parsebytes(data)
        key = await asyncio.to_thread(self._maildir.add, data)
        log.info("devmail_received", key=key, subject=headers.get("Subject", ""))
        return "250 Message accepted for delivery"


def open_maildir(path: Path) -> mailbox.Maildir:
    """The Maildir at ``path``, with its ``tmp``, ``new`` and ``cur`` whatever already exists.

    ``mailbox.Maildir(path, create=True)`` makes them only when ``path`` itself is missing; a
    folder made beforehand (``make up`` makes ``.returners/mail``) would leave every delivery
    failing with FileNotFoundError.
    """
    for sub in ("tmp", "new", "cur"):
        (path / sub).mkdir(parents=True, exist_ok=True)
    return mailbox.Maildir(path, create=False)


async def start(host: str, port: int, maildir: Path) -> asyncio.Server:
    """A listening SMTP server on ``host:port`` (port 0 picks a free one) writing to ``maildir``."""
    handler = MaildirHandler(maildir)
    # aiosmtpd logs every envelope address at INFO; the Maildir is where mail is read.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    loop = asyncio.get_running_loop()
    # SMTPUTF8: an address that is not ASCII is taken too, like any other.
    return await loop.create_server(
        lambda: SMTP(handler, hostname="devmail", enable_SMTPUTF8=True), host, port
    )


async def serve(host: str, port: int, maildir: Path) -> None:
    server = await start(host, port, maildir)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    log.info("devmail_listening", host=host, port=port, maildir=str(maildir))
    async with server:
        await stop.wait()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m notifications.devmail",
        description="Local SMTP server that keeps received mail in a Maildir.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=1025)
    parser.add_argument("--maildir", type=Path, required=True)
    args: Any = parser.parse_args(argv)
    asyncio.run(serve(args.host, args.port, args.maildir))


if __name__ == "__main__":
    main()

"""``python -m notifications.devmail``: the local SMTP server `make up` runs keeps each message
in a Maildir where a person (or any mail reader) can read it."""

import asyncio
import mailbox
from email.message import EmailMessage
from pathlib import Path

import aiosmtplib
import pytest

from returners_cli.stack.local import mail_command
from returners_cli.testing.fixtures import free_port
from returners_cli.testing.polling import eventually


@pytest.mark.parametrize(
    "made_beforehand", [False, True], ids=["new folder", "folder made beforehand, as make up does"]
)
async def test_the_devmail_command_keeps_received_mail_in_a_maildir(
    tmp_path: Path, made_beforehand: bool
) -> None:
    port, maildir = free_port(), tmp_path / "maildir"
    if made_beforehand:
        maildir.mkdir()
    process = await asyncio.create_subprocess_exec(*mail_command(port, maildir))  # as make up
    try:
        await eventually(lambda: _accepts(port), timeout=30, what="devmail listening")
        message = EmailMessage()
        message["From"] = "Returners programme <no-reply@returners.example.org>"
        message["To"] = "Ada Lovelace <ada@example.org>"
        message["Subject"] = "We have received your application"
        message.set_content("Dear Ada,\n")
        message.add_alternative("<p>Dear Ada,</p>", subtype="html")
        await aiosmtplib.send(message, hostname="127.0.0.1", port=port)

        [stored] = await eventually(
            lambda: _messages(maildir), until=lambda found: len(found) == 1, what="one message"
        )
        assert stored["Subject"] == "We have received your application"
        assert stored["To"] == "Ada Lovelace <ada@example.org>"
        [file] = (maildir / "new").iterdir()
        assert "Dear Ada," in file.read_text()
    finally:
        process.terminate()
        assert await process.wait() == 0


async def _accepts(port: int) -> bool:
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return False
    writer.close()
    await writer.wait_closed()
    return True


async def _messages(maildir: Path) -> list[mailbox.MaildirMessage]:
    return await asyncio.to_thread(_read_maildir, maildir)


def _read_maildir(maildir: Path) -> list[mailbox.MaildirMessage]:
    return list(mailbox.Maildir(maildir, create=False)) if maildir.exists() else []

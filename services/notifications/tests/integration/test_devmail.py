"""``python -m notifications.devmail``: the local SMTP server `make up` runs keeps each message
in a Maildir where a person (or any mail reader) can read it, whatever its address."""

import asyncio
import mailbox
import uuid
from pathlib import Path

import pytest

from notifications.emails.message import OutgoingEmail, build_message
from notifications.emails.render import RenderedEmail
from returners_cli.stack.local import mail_command
from returners_cli.testing.fixtures import free_port
from returners_cli.testing.polling import eventually

from .mail_stack import smtp_connections_to


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
        smtp = smtp_connections_to(port, SENDER)
        try:
            for address in ("sian@example.org", "siân@example.org"):
                await smtp.send(_email(address))
        finally:
            await smtp.close()

        stored = await eventually(
            lambda: _messages(maildir), until=lambda found: len(found) == 2, what="two messages"
        )
        assert [m["Subject"] for m in stored] == ["We have received your application"] * 2
        texts = [file.read_text() for file in (maildir / "new").iterdir()]
        assert all("Dear Siân," in text for text in texts)  # as written, not encoded
        assert any("<siân@example.org>" in text for text in texts)
    finally:
        process.terminate()
        assert await process.wait() == 0


SENDER = "Returners programme <no-reply@returners.example.org>"


def _email(address: str) -> OutgoingEmail:
    return build_message(
        RenderedEmail("We have received your application", "Dear Siân,\n", "<p>Dear Siân,</p>"),
        sender=SENDER,
        to_name="Siân Jones",
        to_address=address,
        delivery_id=uuid.uuid4(),
    )


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

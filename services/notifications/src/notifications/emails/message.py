"""The MIME message: plain text with an HTML alternative, and a Message-ID made from the
delivery id (the same on every retry, so a mail client can drop a duplicate)."""

from datetime import datetime
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses
from uuid import UUID

from notifications.emails.render import RenderedEmail
from returners_platform.clock import system_clock


def build_message(
    rendered: RenderedEmail,
    *,
    sender: str,
    to_name: str,
    to_address: str,
    delivery_id: UUID,
    at: datetime | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = Address(display_name=to_name, addr_spec=to_address)
    message.set_raw("Subject", _folded_subject(rendered.subject))
    message["Date"] = format_datetime(at or system_clock())
    message["Message-ID"] = f"<{delivery_id}@{_domain(sender)}>"
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    return message


def _folded_subject(subject: str) -> str:
    """The subject as it goes on the wire: folded into lines of at most 78 characters (RFC
    5322) and, unless plain ASCII, into encoded words of at most 75 (RFC 2047).

    Not left to ``EmailMessage``'s own folding: Python 3.11's folds some subjects wrongly
    (a long one with non-ASCII words, say "... was received, en dash, Siân", reads back
    with the space after the dash moved before it); ``email.header.Header`` folds them
    right. Text that looks like an encoded word is encoded too, to read back as written."""
    plain = subject.isascii() and "=?" not in subject
    return Header(
        subject, "us-ascii" if plain else "utf-8", maxlinelen=76, header_name="Subject"
    ).encode()


def _domain(sender: str) -> str:
    [(_, address)] = getaddresses([sender])
    return address.rpartition("@")[2] or "returners.invalid"

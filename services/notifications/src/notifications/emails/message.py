"""The MIME message: plain text with an HTML alternative, and a Message-ID made from the
delivery id (the same on every retry, so a mail client can drop a duplicate)."""

from datetime import datetime
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
    message["Subject"] = rendered.subject
    message["Date"] = format_datetime(at or system_clock())
    message["Message-ID"] = f"<{delivery_id}@{_domain(sender)}>"
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    return message


def _domain(sender: str) -> str:
    [(_, address)] = getaddresses([sender])
    return address.rpartition("@")[2] or "returners.invalid"

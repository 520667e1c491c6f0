"""The MIME message: plain text with an HTML alternative, and a Message-ID made from the
delivery id (the same on every retry, so a mail client can drop a duplicate).

Built with the ``email`` package's classic classes (``email.mime``, the compat32 policy),
each header written as it goes on the wire, rather than with ``EmailMessage``: its header
registry parsed every header when set and again when the message was flattened: 1.2 ms of
CPU an email, about a third of the delivery worker's time in the end-to-end benchmark,
against 0.29 ms (a 20-line email, built and flattened; 1.84-1.98 against 0.46 in a slower
hour). The bodies are UTF-8 text, readable as written in a Maildir (8-bit
where they are not ASCII; a server without 8BITMIME gets those in base64:
``OutgoingEmail.wire``).
"""

import re
from dataclasses import dataclass
from datetime import datetime
from email.charset import QP, Charset
from email.generator import BytesGenerator
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.policy import compat32
from email.utils import format_datetime, formataddr, getaddresses, quote
from io import BytesIO
from uuid import UUID

from notifications.emails.render import RenderedEmail
from returners_platform.clock import system_clock

MAX_LINE_OCTETS = 998  # a line of a message, its CRLF aside (RFC 5321 and 5322)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # what ends a line on the wire (not str.splitlines)
_QUOTED_PRINTABLE = Charset("utf-8")
_QUOTED_PRINTABLE.body_encoding = QP


@dataclass(frozen=True)
class OutgoingEmail:
    """A message and its envelope: who it is from and to, as SMTP's MAIL and RCPT say."""

    message: Message
    sender: str
    recipient: str

    @property
    def needs_utf8(self) -> bool:
        """Whether an address is not ASCII: only a server with SMTPUTF8 takes it."""
        return not (self.sender + self.recipient).isascii()

    def wire(self, *, eight_bit: bool) -> bytes:
        """The message as it goes to the server: a body that is not ASCII as 8-bit text, or
        in base64 for a server that does not say 8BITMIME; lines that begin "From " as
        written (the classic policy's default would quote them, ">From ")."""
        policy = compat32.clone(linesep="\r\n", cte_type="8bit" if eight_bit else "7bit")
        out = BytesIO()
        BytesGenerator(out, mangle_from_=False, policy=policy).flatten(self.message)
        return out.getvalue()


def build_message(
    rendered: RenderedEmail,
    *,
    sender: str,
    to_name: str,
    to_address: str,
    delivery_id: UUID,
    at: datetime | None = None,
) -> OutgoingEmail:
    [(sender_name, sender_address)] = getaddresses([sender])
    message = MIMEMultipart("alternative")
    message["From"] = _mailbox(sender_name, sender_address, "From")
    message["To"] = _mailbox(to_name, to_address, "To")
    message["Subject"] = _subject(rendered.subject)
    message["Date"] = format_datetime(at or system_clock())
    message["Message-ID"] = f"<{delivery_id}@{_domain(sender_address)}>"
    message.attach(_text("plain", rendered.text))
    message.attach(_text("html", rendered.html))
    return OutgoingEmail(message, sender_address, to_address)


def _text(subtype: str, text: str) -> MIMENonMultipart:
    """A body in UTF-8: as 7-bit text when it is ASCII, else 8-bit (which the generator
    makes base64 for a server without 8BITMIME); quoted-printable if a line is longer than
    SMTP allows (``MAX_LINE_OCTETS``)."""
    if any(len(line.encode()) > MAX_LINE_OCTETS for line in _LINE_BREAK.split(text)):
        part = MIMENonMultipart("text", subtype)
        part.set_payload(text, _QUOTED_PRINTABLE)
        return part
    part = MIMENonMultipart("text", subtype, charset="utf-8")
    if text.isascii():
        part["Content-Transfer-Encoding"] = "7bit"
        part.set_payload(text)
    else:
        part["Content-Transfer-Encoding"] = "8bit"
        part.set_payload(text.encode().decode("ascii", "surrogateescape"))  # bytes, as parsed
    return part


def _mailbox(name: str, address: str, header_name: str) -> str:
    """An address header: the name as written (control characters as spaces: a line break
    would start a header of its own), quoted where it has to be, or in encoded words
    (RFC 2047, folded) unless it is ASCII. An address that is not ASCII (only sent with
    SMTPUTF8) goes as written, in UTF-8, and the name with it (RFC 6532)."""
    name = "".join(c if c.isprintable() else " " for c in name)
    if not address.isascii():
        text = f'"{quote(name)}" <{address}>' if name else address
        # As bytes, which the generator writes back unchanged (a str it would encode).
        return text.encode().decode("ascii", "surrogateescape")
    if name.isascii() and "=?" not in name:  # else it would read as an encoded word
        return formataddr((name, address))
    header = Header(name, "utf-8", header_name=header_name)
    header.append(f"<{address}>", "us-ascii")
    return header.encode(maxlinelen=78)


def _subject(subject: str) -> str:
    """The subject as it goes on the wire: folded into lines of at most 78 characters (RFC
    5322) and, unless plain ASCII, into encoded words of at most 75 (RFC 2047).

    Folded by ``email.header.Header``, which folds right the long subjects with non-ASCII
    words that Python 3.11's ``EmailMessage`` folded wrongly (a space moved before an en
    dash). Text that looks like an encoded word is encoded too, to read back as written."""
    plain = subject.isascii() and "=?" not in subject
    return Header(
        subject, "us-ascii" if plain else "utf-8", maxlinelen=76, header_name="Subject"
    ).encode()


def _domain(address: str) -> str:
    return address.rpartition("@")[2] or "returners.invalid"

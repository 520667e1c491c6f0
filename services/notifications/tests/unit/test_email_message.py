"""An email as it goes on the wire: its headers and bodies read back as written by a mail
client, whatever their characters, for a server with 8BITMIME and one without."""

import email
import email.policy
import uuid
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.utils import parseaddr

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from notifications.emails.message import OutgoingEmail, build_message
from notifications.emails.render import RenderedEmail

SENDER = "Returners programme <no-reply@returners.example.org>"
WORDS = st.lists(
    st.text(
        st.characters(categories=["L", "N", "P", "S"], exclude_characters="\x7f"),
        min_size=1,
        max_size=20,
    ),
    min_size=1,
    max_size=20,
).map(" ".join)


def _email(
    subject: str = "Your application was received",
    *,
    to_name: str = "Siân Jones",
    to_address: str = "sian@example.org",
    text: str = "Hello Siân,\n",
    delivery_id: uuid.UUID | None = None,
) -> OutgoingEmail:
    return build_message(
        RenderedEmail(subject, text, "<p>Hello Siân,</p>\n"),
        sender=SENDER,
        to_name=to_name,
        to_address=to_address,
        delivery_id=delivery_id or uuid.uuid4(),
    )


def _read(wire: bytes) -> EmailMessage:
    """The message as a mail client reads it."""
    message = email.message_from_bytes(wire, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _read_headers_in_utf8(wire: bytes) -> EmailMessage:
    """The headers as a client that takes SMTPUTF8 reads them: in UTF-8 (RFC 6532)."""
    headers = wire.split(b"\r\n\r\n", 1)[0].decode()
    message = email.message_from_string(headers, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _header_lines(wire: bytes) -> list[bytes]:
    return wire.split(b"\r\n\r\n", 1)[0].split(b"\r\n")


def _sent_to(name: str) -> tuple[str, str]:
    """The name and address a message to ``name`` is sent to, as an RFC 2047 reader reads
    them (adjacent encoded words joined: Python's modern parser puts a space between them)."""
    wire = _email(to_name=name).wire(eight_bit=True)
    assert max(len(line) for line in _header_lines(wire)) <= 78, wire.decode()
    received = email.message_from_bytes(wire, policy=email.policy.compat32)
    [to] = received.get_all("To")
    read_name, address = parseaddr(to.replace("\r\n", ""))
    return str(make_header(decode_header(read_name))), address


def _sent_subject(subject: str) -> str:
    wire = _email(subject).wire(eight_bit=True)
    assert max(len(line) for line in _header_lines(wire)) <= 78, wire.decode()
    return str(_read(wire)["Subject"])


def test_the_message_has_both_parts_and_a_message_id_from_the_delivery() -> None:
    delivery_id = uuid.uuid4()
    sent = _email(to_name="Ada Lovelace", to_address="ada@example.org", delivery_id=delivery_id)
    received = _read(sent.wire(eight_bit=True))
    assert received["From"] == SENDER
    assert received["To"] == "Ada Lovelace <ada@example.org>"
    assert received["Message-ID"] == f"<{delivery_id}@returners.example.org>"
    assert [p.get_content_type() for p in received.iter_parts()] == ["text/plain", "text/html"]
    assert (sent.sender, sent.recipient) == ("no-reply@returners.example.org", "ada@example.org")


@pytest.mark.parametrize("eight_bit", [True, False], ids=["8bitmime", "7bit"])
@pytest.mark.parametrize(
    ("text", "encodings"),
    [  # the text, and its transfer encoding to a server without and with 8BITMIME
        ("From Monday, Siân,\nyour placement starts.\n.\nFrom here on: ok\n", ("base64", "8bit")),
        ("From Monday, Sian,\nyour placement starts.\n.\nFrom here on: ok\n", ("7bit", "7bit")),
    ],
    ids=["not ascii", "ascii"],
)
def test_the_bodies_read_back_as_written_lines_beginning_from_included(
    eight_bit: bool, text: str, encodings: tuple[str, str]
) -> None:
    wire = _email(text=text).wire(eight_bit=eight_bit)
    received = _read(wire)
    plain, html = received.iter_parts()
    # Lines end in CRLF on the wire (RFC 5322), in text as newlines.
    assert plain.get_content().replace("\r\n", "\n") == text
    assert html.get_content().replace("\r\n", "\n") == "<p>Hello Siân,</p>\n"
    assert plain["Content-Transfer-Encoding"] == encodings[eight_bit]
    if not eight_bit:
        assert wire.isascii()  # what a server without 8BITMIME may be sent


@pytest.mark.parametrize("eight_bit", [True, False], ids=["8bitmime", "7bit"])
def test_a_line_longer_than_smtp_allows_goes_quoted_printable_and_reads_back(
    eight_bit: bool,
) -> None:
    # A line separator that is not a line break on the wire (str.splitlines splits there).
    text = "Dear Siân,\n" + "a council's reason " * 40 + "\u2028" + "in words " * 80 + "\nend\n"
    wire = _email(text=text).wire(eight_bit=eight_bit)
    assert max(len(line) for line in wire.split(b"\r\n")) <= 998
    assert eight_bit or wire.isascii()
    plain, _ = _read(wire).iter_parts()
    assert plain["Content-Transfer-Encoding"] == "quoted-printable"
    assert plain.get_content().replace("\r\n", "\n") == text


@pytest.mark.parametrize(
    "subject",
    [
        "Your application to Return to Social Work 2020 was received \N{EN DASH} Siân",
        "Welcome back: your placement with Ynys Môn \N{EN DASH} Brontë Council is confirmed",
        "You have been offered a placement with a council whose name is rather long indeed",
        "A title that looks encoded =?utf-8?q?x?= but is not",
    ],
)
def test_a_long_subject_reads_back_as_written_whatever_its_characters(subject: str) -> None:
    assert _sent_subject(subject) == subject


@given(WORDS)
@settings(max_examples=300, deadline=None)
def test_any_subject_of_words_reads_back_as_written(subject: str) -> None:
    assert _sent_subject(subject) == subject


@given(WORDS)
@example("A name that looks encoded =?utf-8?q?x?= but is not")
@example('Lovelace, Ada "Countess" <of Lovelace>')
@example("María José Fernández-Gutiérrez de la Concepción")
@example("\N{GRINNING FACE}" * 100 + " " + "\N{GRINNING FACE}" * 100)
@settings(max_examples=300, deadline=None)
def test_any_name_reads_back_as_written_beside_the_address_in_lines_of_78(name: str) -> None:
    assert _sent_to(name) == (name, "sian@example.org")
    assert not _email(to_name=name).needs_utf8


@pytest.mark.parametrize("address", ["sian@example.org", "siân@example.org"])
def test_a_line_break_in_a_name_cannot_start_a_header_of_its_own(address: str) -> None:
    wire = _email(to_name="Ada\r\nBcc: evil@example.org\nX: y", to_address=address).wire(
        eight_bit=True
    )
    received = _read_headers_in_utf8(wire)
    assert received["Bcc"] is None
    assert received["X"] is None
    [to] = received["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Ada  Bcc: evil@example.org X: y", address)


@pytest.mark.parametrize("address", ["josé@example.org", "sian@exämple.org"])
def test_an_address_that_is_not_ascii_goes_as_written_and_needs_smtputf8(address: str) -> None:
    sent = _email(to_name='Siân "Sia" Jones', to_address=address)
    [to] = _read_headers_in_utf8(sent.wire(eight_bit=True))["To"].addresses
    assert (to.display_name, to.addr_spec) == ('Siân "Sia" Jones', address)
    assert sent.needs_utf8

"""An email as it goes on the wire: its headers and bodies read back as written by a mail
client, whatever their characters, for a server with 8BITMIME and one without."""

import email
import email.policy
import uuid
from email.message import EmailMessage

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


def _sent_subject(subject: str) -> str:
    wire = _email(subject).wire(eight_bit=True)
    header_lines = wire.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    assert max(len(line) for line in header_lines) <= 78, wire.decode()
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
def test_the_bodies_read_back_as_written_lines_beginning_from_included(eight_bit: bool) -> None:
    text = "From Monday, Siân,\nyour placement starts.\n.\nFrom here on: ok\n"
    received = _read(_email(text=text).wire(eight_bit=eight_bit))
    plain, html = received.iter_parts()
    # Lines end in CRLF on the wire (RFC 5322), in text as newlines.
    assert plain.get_content().replace("\r\n", "\n") == text
    assert html.get_content().replace("\r\n", "\n") == "<p>Hello Siân,</p>\n"
    encoding = "8bit" if eight_bit else "base64"
    assert [p["Content-Transfer-Encoding"] for p in (plain, html)] == [encoding, encoding]


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
@settings(max_examples=300, deadline=None)
def test_any_name_reads_back_as_written_beside_the_address(name: str) -> None:
    sent = _email(to_name=name)
    [to] = _read(sent.wire(eight_bit=True))["To"].addresses
    assert (to.display_name, to.addr_spec) == (name, "sian@example.org")
    assert not sent.needs_utf8


@pytest.mark.parametrize("address", ["josé@example.org", "sian@exämple.org"])
def test_an_address_that_is_not_ascii_goes_as_written_and_needs_smtputf8(address: str) -> None:
    sent = _email(to_name='Siân "Sia" Jones', to_address=address)
    [to] = _read_headers_in_utf8(sent.wire(eight_bit=True))["To"].addresses
    assert (to.display_name, to.addr_spec) == ('Siân "Sia" Jones', address)
    assert sent.needs_utf8

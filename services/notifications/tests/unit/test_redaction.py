"""The error text exported as a metric label carries no address, whatever wrote it."""

import aiosmtplib
import pytest

from notifications.delivery.email_sender import describe_smtp_error
from notifications.domain.redaction import LABEL_LIMIT, REDACTED, exportable_error

ADDRESS = "ada@example.org"


@pytest.mark.parametrize(
    "error",
    [
        f"550 <{ADDRESS}>: Recipient address rejected",
        f"mailbox {ADDRESS} full",
        "ConnectError: https://user:secret@hooks.example.org/returners refused",
        f"line one\nto: {ADDRESS}\r\n",
    ],
)
def test_anything_address_like_is_redacted(error: str) -> None:
    exported = exportable_error(error)
    assert "@" not in exported
    assert REDACTED in exported
    assert "\n" not in exported
    assert "secret" not in exported


def test_the_senders_own_words_pass_unchanged() -> None:
    for error in (
        "cannot connect to the mail server",
        "the mail server answered SMTP 554 (SMTPDataError)",
        "HTTP 503 from the receiver",
        "contact lookup failed: cannot connect to the applications service",
    ):
        assert exportable_error(error) == error


def test_an_smtp_error_quoting_the_recipient_is_exported_without_it() -> None:
    refused = aiosmtplib.SMTPRecipientsRefused(
        [aiosmtplib.SMTPRecipientRefused(550, f"<{ADDRESS}> unknown", ADDRESS)]
    )
    assert exportable_error(describe_smtp_error(refused)) == (
        "the mail server refused the recipient (SMTP 550)"
    )
    raw = exportable_error(f"{type(refused).__name__}: {refused}")  # had a sender not cleaned it
    assert raw.startswith("SMTPRecipientsRefused: ")
    assert "@" not in raw


def test_long_text_is_cut_to_the_label_limit() -> None:
    exported = exportable_error("x" * 1000)
    assert len(exported) == LABEL_LIMIT
    assert exported.endswith("…")

"""SMTP failures are described without the server's words (which can quote the address)."""

import aiosmtplib
import pytest

from notifications.delivery.email_sender import describe_smtp_error

ADDRESS = "ada@example.org"


@pytest.mark.parametrize(
    ("error", "description"),
    [
        (
            aiosmtplib.SMTPRecipientsRefused(
                [aiosmtplib.SMTPRecipientRefused(550, f"<{ADDRESS}> unknown", ADDRESS)]
            ),
            "the mail server refused the recipient (SMTP 550)",
        ),
        (
            aiosmtplib.SMTPDataError(554, f"rejected mail for {ADDRESS}"),
            "the mail server answered SMTP 554 (SMTPDataError)",
        ),
        (
            aiosmtplib.SMTPTimeoutError(f"timeout talking about {ADDRESS}"),
            "the mail server did not answer in time",
        ),
        (aiosmtplib.SMTPConnectError(f"refused {ADDRESS}"), "cannot connect to the mail server"),
        (ConnectionRefusedError(111, "Connection refused"), "cannot connect to the mail server"),
        (
            aiosmtplib.SMTPNotSupported(f"no SMTPUTF8 for {ADDRESS}"),
            "the mail server does not take addresses that are not ASCII (no SMTPUTF8)",
        ),
        (aiosmtplib.SMTPException(f"odd {ADDRESS}"), "sending failed (SMTPException)"),
    ],
)
def test_errors_are_described_without_personal_data(error: Exception, description: str) -> None:
    described = describe_smtp_error(error)
    assert described == description
    assert ADDRESS not in described

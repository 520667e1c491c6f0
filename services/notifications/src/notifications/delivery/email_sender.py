"""Sends one applicant email: looks the address up, renders the template, hands it to SMTP
(on a connection kept open between emails: ``smtp_connections``).

An applicant whose personal data was erased (the lookup answers 404) gets
nothing and the delivery is recorded as skipped. The address exists only in
this call; errors are described without the server's text, which can quote it.

A sign-in link (the ``sign_in_link`` template, whose recipient is the sign-in request) asks
the applications service for the address and a fresh one-time token at this moment; the
link, ``<portal>/sign-in/<token>``, exists only in the email. A request for an address
nobody has (or an expired, used or erased one) is skipped.

A referee's request (the ``reference_request`` template, whose recipient is the reference)
is sent the same way: the applications service gives the referee's address, the applicant's
name and a fresh token at this moment; the link, ``<portal>/references/<id>/<token>``,
exists only in the email. An answered or expired reference, or an erased applicant's, is
skipped.
"""

from typing import Any
from uuid import UUID

import aiosmtplib

from notifications.delivery.contacts import (
    Contact,
    ContactDirectory,
    ContactLookupError,
    ReferenceLink,
    SignInLink,
)
from notifications.delivery.model import Delivered, Delivery, Failed, Outcome, Skipped
from notifications.delivery.smtp_connections import SmtpConnections
from notifications.domain.applicant_messages import REFERENCE_REQUEST_TEMPLATE, SIGN_IN_TEMPLATE
from notifications.emails.message import build_message
from notifications.emails.render import EmailRenderer, template_variables
from notifications.store import directory
from returners_platform.messaging.unit_of_work import Db

ERASED = "the applicant's personal data was erased"
NO_LINK = "no link to send (an address nobody has, an expired or used link, or erased)"
NO_REFERENCE_LINK = "no link to send (the reference was answered or expired, or erased)"


def describe_smtp_error(exc: BaseException) -> str:
    """What went wrong, without the server's words (they can quote the recipient's address)."""
    if isinstance(exc, aiosmtplib.SMTPNotSupported):
        return "the mail server does not take addresses that are not ASCII (no SMTPUTF8)"
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = sorted({r.code for r in exc.recipients})
        return f"the mail server refused the recipient (SMTP {', '.join(map(str, codes))})"
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return f"the mail server answered SMTP {exc.code} ({type(exc).__name__})"
    if isinstance(exc, aiosmtplib.SMTPTimeoutError | TimeoutError):
        return "the mail server did not answer in time"
    if isinstance(exc, aiosmtplib.SMTPConnectError | OSError):
        return "cannot connect to the mail server"
    return f"sending failed ({type(exc).__name__})"


class EmailSender:
    def __init__(
        self,
        contacts: ContactDirectory,
        renderer: EmailRenderer,
        smtp: SmtpConnections,
        *,
        sender: str,
        portal_url: str,
    ) -> None:
        self._contacts = contacts
        self._renderer = renderer
        self._smtp = smtp
        self._sender = sender
        self._portal_url = portal_url.rstrip("/")

    async def send(self, db: Db, delivery: Delivery) -> Outcome:
        assert delivery.template is not None
        if delivery.template == SIGN_IN_TEMPLATE:
            return await self._send_sign_in_link(db, delivery)
        if delivery.template == REFERENCE_REQUEST_TEMPLATE:
            return await self._send_reference_request(db, delivery)
        try:
            contact = await self._contacts.lookup(delivery.recipient_id)
        except ContactLookupError as exc:
            return Failed(str(exc))
        if contact is None:
            return Skipped(ERASED)
        variables = template_variables(
            delivery.context,
            given_name=contact.given_name,
            programme_title=await self._programme_title(
                db, str(delivery.context.get("programme_id", ""))
            ),
            council_name=await self._council_name(db, delivery),
        )
        return await self._deliver(delivery, delivery.template, variables, contact)

    async def _send_sign_in_link(self, db: Db, delivery: Delivery) -> Outcome:
        try:
            link: SignInLink | None = await self._contacts.sign_in_link(delivery.recipient_id)
        except ContactLookupError as exc:
            return Failed(str(exc))
        if link is None:
            return Skipped(NO_LINK)
        variables = template_variables(
            {"purpose": link.purpose, "expires_at": link.expires_at.isoformat()},
            given_name=link.contact.given_name,
            programme_title=await self._programme_title(db, link.programme_id),
            council_name=None,
        )
        variables["link"] = f"{self._portal_url}/sign-in/{link.token}"
        return await self._deliver(delivery, SIGN_IN_TEMPLATE, variables, link.contact)

    async def _send_reference_request(self, db: Db, delivery: Delivery) -> Outcome:
        try:
            link: ReferenceLink | None = await self._contacts.reference_link(delivery.recipient_id)
        except ContactLookupError as exc:
            return Failed(str(exc))
        if link is None:
            return Skipped(NO_REFERENCE_LINK)
        variables = template_variables(
            {
                "reference": link.reference,
                "referee_kind": link.kind,
                "expires_at": link.expires_at.isoformat(),
            },
            given_name=link.contact.given_name,
            programme_title=await self._programme_title(db, link.programme_id),
            council_name=None,
        )
        variables["applicant_name"] = link.applicant_name
        variables["link"] = f"{self._portal_url}/references/{delivery.recipient_id}/{link.token}"
        return await self._deliver(delivery, REFERENCE_REQUEST_TEMPLATE, variables, link.contact)

    async def _deliver(
        self, delivery: Delivery, template: str, variables: dict[str, Any], contact: Contact
    ) -> Outcome:
        email = build_message(
            self._renderer.render(template, {**variables, "portal_url": self._portal_url}),
            sender=self._sender,
            to_name=f"{contact.given_name} {contact.family_name}".strip(),
            to_address=contact.email,
            delivery_id=delivery.delivery_id,
        )
        try:
            await self._smtp.send(email)
        except (aiosmtplib.SMTPException, OSError) as exc:
            # An address the server cannot take (no SMTPUTF8) it will not take on a retry.
            final = isinstance(exc, aiosmtplib.SMTPNotSupported)
            return Failed(describe_smtp_error(exc), final=final)
        return Delivered()

    async def _programme_title(self, db: Db, programme_id: str) -> str:
        return await directory.programme_title(db, programme_id) or programme_id

    async def _council_name(self, db: Db, delivery: Delivery) -> str | None:
        council_id = delivery.context.get("council_id")
        return await directory.council_name(db, UUID(council_id)) if council_id else None

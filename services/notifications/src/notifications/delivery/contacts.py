"""The applicant's name and address, asked of the applications service at send time (and,
for a sign-in link or a referee's link, the link's token and for a referee their name and
address, which applications makes or looks up at that moment).

Nothing here is stored or logged: the contact lives only as long as one send.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

import httpx
from pydantic import SecretStr


@dataclass(frozen=True, repr=False)
class Contact:
    given_name: str
    family_name: str
    email: str = field(repr=False)

    def __repr__(self) -> str:
        return "Contact(<personal data>)"


@dataclass(frozen=True, repr=False)
class SignInLink:
    """Where to send a one-time link, and its token: ``purpose`` is ``sign_in`` (to an
    application) or ``resume`` (to a saved draft)."""

    contact: Contact
    purpose: str
    programme_id: str
    token: str = field(repr=False)
    expires_at: datetime

    def __repr__(self) -> str:
        return f"SignInLink({self.purpose}, <personal data>)"


@dataclass(frozen=True, repr=False)
class ReferenceLink:
    """Where to send a referee's one-time link, for whom, and its token: ``contact`` is the
    referee (their whole name as ``given_name``); ``reference`` is ``reference_1`` or
    ``reference_2``; ``kind`` ``employer``, ``professional`` or ``character``."""

    contact: Contact
    applicant_name: str = field(repr=False)
    reference: str
    kind: str
    programme_id: str
    token: str = field(repr=False)
    expires_at: datetime

    def __repr__(self) -> str:
        return f"ReferenceLink({self.reference}, <personal data>)"


class ContactLookupError(Exception):
    """The applications service could not answer now (worth retrying)."""


class ContactDirectory:
    def __init__(self, client: httpx.AsyncClient, internal_token: SecretStr) -> None:
        self._client = client
        self._token = internal_token

    async def lookup(self, application_id: UUID) -> Contact | None:
        """The contact details, or None once erased (the service answers 404)."""
        body = await self._ask("GET", f"/internal/applications/{application_id}/contact")
        return Contact(body["given_name"], body["family_name"], body["email"]) if body else None

    async def sign_in_link(self, sign_in_request_id: UUID) -> SignInLink | None:
        """A fresh token for the request's link and where to send it; None when there is
        nothing to send (an address nobody has, an expired or used link, an erased applicant)."""
        body = await self._ask("POST", f"/internal/sign-in-links/{sign_in_request_id}/issue")
        if body is None:
            return None
        contact = Contact(body["given_name"] or "", body["family_name"] or "", body["email"])
        return SignInLink(
            contact,
            body["purpose"],
            body["programme_id"],
            body["link_token"],
            datetime.fromisoformat(body["expires_at"]),
        )

    async def reference_link(self, reference_id: UUID) -> ReferenceLink | None:
        """A fresh token for a referee's link, where to send it and for whom; None when there
        is nothing to send (an answered or expired reference, an erased applicant)."""
        body = await self._ask("POST", f"/internal/references/{reference_id}/issue")
        if body is None:
            return None
        applicant = f"{body['applicant_given_name']} {body['applicant_family_name']}"
        return ReferenceLink(
            Contact(body["referee_name"], "", body["email"]),
            applicant,
            body["reference"],
            body["kind"],
            body["programme_id"],
            body["link_token"],
            datetime.fromisoformat(body["expires_at"]),
        )

    async def _ask(self, method: str, path: str) -> dict[str, Any] | None:
        try:
            response = await self._client.request(
                method,
                path,
                headers={"Authorization": f"Bearer {self._token.get_secret_value()}"},
            )
        except httpx.HTTPError as exc:
            raise ContactLookupError(f"contact lookup failed: {type(exc).__name__}") from exc
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise ContactLookupError(f"contact lookup answered HTTP {response.status_code}")
        body: dict[str, Any] = response.json()
        return body


def contacts_client(base_url: str, timeout_seconds: float) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=base_url, timeout=httpx.Timeout(timeout_seconds))

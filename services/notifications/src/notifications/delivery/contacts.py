"""The applicant's name and address, asked of the applications service at send time.

Nothing here is stored or logged: the contact lives only as long as one send.
"""

from dataclasses import dataclass, field
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


class ContactLookupError(Exception):
    """The applications service could not answer now (worth retrying)."""


class ContactDirectory:
    def __init__(self, client: httpx.AsyncClient, internal_token: SecretStr) -> None:
        self._client = client
        self._token = internal_token

    async def lookup(self, application_id: UUID) -> Contact | None:
        """The contact details, or None once erased (the service answers 404)."""
        try:
            response = await self._client.get(
                f"/internal/applications/{application_id}/contact",
                headers={"Authorization": f"Bearer {self._token.get_secret_value()}"},
            )
        except httpx.HTTPError as exc:
            raise ContactLookupError(f"contact lookup failed: {type(exc).__name__}") from exc
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise ContactLookupError(f"contact lookup answered HTTP {response.status_code}")
        body = response.json()
        return Contact(body["given_name"], body["family_name"], body["email"])


def contacts_client(base_url: str, timeout_seconds: float) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=base_url, timeout=httpx.Timeout(timeout_seconds))

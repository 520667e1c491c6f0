"""Bearer credentials: the operations token and council API keys.

Council keys are signed tokens: ``rtc.<council_id>.<nonce>.<signature>`` where the
signature is HMAC-SHA256 over ``<council_id>.<nonce>`` with the platform's
``COUNCIL_KEY_SECRET``. The matching service issues them (and keeps a hash of each,
so it can revoke one); every other service verifies the signature alone, without a
call to matching. Revoking a key everywhere means rotating the secret.
"""

import base64
import hashlib
import hmac
import secrets
import uuid
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from pydantic import SecretStr

from returners_platform.errors import NotFound

_PREFIX = "rtc"


async def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


BearerToken = Annotated[str | None, Depends(bearer_token)]


def token_hash(token: str) -> bytes:
    """Hash of a high-entropy random token, as stored (tokens are never stored in clear)."""
    return hashlib.sha256(token.encode()).digest()


def new_random_token(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def token_matches(token: str | None, expected: SecretStr) -> bool:
    """Constant-time comparison of a presented bearer token with a configured secret."""
    return token is not None and hmac.compare_digest(
        token.encode(), expected.get_secret_value().encode()
    )


def unauthenticated(what: str) -> HTTPException:
    """401 asking for a bearer credential (answered as problem details, like every error)."""
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, f"{what} required", headers={"WWW-Authenticate": "Bearer"}
    )


def require_operations(token: str | None, expected: SecretStr) -> None:
    if not token_matches(token, expected):
        raise unauthenticated("operations token")


def _signature(council_id: str, nonce: str, secret: SecretStr) -> str:
    mac = hmac.new(secret.get_secret_value().encode(), f"{council_id}.{nonce}".encode(), "sha256")
    return base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")


def issue_council_key(council_id: uuid.UUID, secret: SecretStr) -> str:
    nonce = secrets.token_urlsafe(16)
    return f"{_PREFIX}.{council_id}.{nonce}.{_signature(str(council_id), nonce, secret)}"


def council_of_key(key: str | None, secret: SecretStr) -> uuid.UUID | None:
    """The council a correctly signed key belongs to, or None."""
    if not key:
        return None
    parts = key.split(".")
    if len(parts) != 4 or parts[0] != _PREFIX:
        return None
    _, council_id, nonce, signature = parts
    if not hmac.compare_digest(signature, _signature(council_id, nonce, secret)):
        return None
    try:
        return uuid.UUID(council_id)
    except ValueError:
        return None


def require_council(key: str | None, council_id: uuid.UUID, secret: SecretStr) -> None:
    """Allow only that council's key: no valid key is 401; another council's key is 404,
    so a council can never tell whether another council's objects exist."""
    owner = council_of_key(key, secret)
    if owner is None:
        raise unauthenticated("council API key")
    if owner != council_id:
        raise NotFound()

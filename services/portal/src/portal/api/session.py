"""The portal's only state: one cookie, encrypted and signed (Fernet, keyed from the session
secret), HTTP-only, SameSite=Lax, Secure outside local development.

It holds the CSRF token of the browser's forms, the eligibility check's answers, and, once
someone has started an application or signed in, the applications service's session token
and what it opens (a draft or an application). The browser can neither read nor change it;
it expires with the session. Signing in or starting a draft replaces it whole, CSRF token
included (no session fixation); signing out clears it.
"""

import base64
import hashlib
import json
import secrets
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from cryptography.fernet import Fernet, InvalidToken
from fastapi import Request, Response

COOKIE = "portal_session"


@dataclass
class Session:
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    # What the applications service's session token opens, and the token itself.
    kind: Literal["draft", "application"] | None = None
    target_id: str | None = None
    token: str | None = None
    # The eligibility check's answers, before a draft exists.
    check: dict[str, Any] = field(default_factory=dict)
    # A one-off message for the next page (e.g. "your answers were saved").
    flash: str | None = None

    @property
    def signed_in(self) -> bool:
        return self.token is not None

    def renewed(self, **changes: Any) -> "Session":
        """A new session (a fresh CSRF token) carrying ``changes``: on sign-in and sign-out."""
        return Session(**changes)


class SessionCookies:
    def __init__(self, secret: str, *, max_age_seconds: int, secure: bool) -> None:
        key = base64.urlsafe_b64encode(hashlib.sha256(secret.encode()).digest())
        self._fernet = Fernet(key)
        self._max_age = max_age_seconds
        self._secure = secure

    def read(self, request: Request) -> Session | None:
        sealed = request.cookies.get(COOKIE)
        if not sealed:
            return None
        try:
            data = json.loads(self._fernet.decrypt(sealed.encode(), ttl=self._max_age))
            return Session(**data)
        except (InvalidToken, ValueError, TypeError):
            return None

    def write(self, response: Response, session: Session) -> None:
        sealed = self._fernet.encrypt(json.dumps(asdict(session)).encode()).decode()
        response.set_cookie(
            COOKIE,
            sealed,
            max_age=self._max_age,
            path="/",
            secure=self._secure,
            httponly=True,
            samesite="lax",
        )

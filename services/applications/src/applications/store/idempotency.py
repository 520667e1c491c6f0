"""Idempotency-Key support for submissions.

The first request with a key stores the request's hash and the response, the
response encrypted (it holds the access token, which is otherwise only stored
hashed), in the statement that records its application (``applications.insert``).
A retry with the same key and body gets that same response back while the window
lasts; the same key with another body is refused.
"""

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from cryptography.fernet import Fernet
from pydantic import SecretStr

from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import one, run


@dataclass(frozen=True)
class StoredResponse:
    application_id: UUID
    request_hash: bytes
    response: dict[str, Any] | None  # None once the window has passed


@dataclass(frozen=True)
class KeyClaim:
    """A key as a new application's statement takes it (``IdempotencyStore.claim``)."""

    key: str
    request_hash: bytes
    response_ciphertext: bytes


class KeyReusedError(Exception):
    """The key was first used with a different request body."""


def request_hash(body: dict[str, Any]) -> bytes:
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).digest()


class IdempotencyStore:
    def __init__(self, secret: SecretStr, window: timedelta) -> None:
        key = base64.urlsafe_b64encode(hashlib.sha256(secret.get_secret_value().encode()).digest())
        self._fernet = Fernet(key)
        self._window = window

    def claim(self, key: str, body_hash: bytes, response: dict[str, Any]) -> "KeyClaim":
        """What the statement recording a new application writes to take ``key``: its hash of
        the request and the response sealed (``applications.insert``)."""
        return KeyClaim(
            key, body_hash, self._fernet.encrypt(json.dumps(response, default=str).encode())
        )

    async def stored(
        self, db: Db, key: str, body_hash: bytes, now: datetime
    ) -> StoredResponse | None:
        """What ``key`` holds (None if nothing: it was never taken, or its application was
        erased); the same key with another request's hash is refused (``KeyReusedError``)."""
        row = await one(
            db,
            dict[str, Any],
            "SELECT application_id, request_hash, response_ciphertext, created_at"
            " FROM idempotency_keys WHERE key = $1",
            key,
        )
        if row is None:
            return None
        if row["request_hash"] != body_hash:
            raise KeyReusedError(key)
        response = None
        if row["response_ciphertext"] is not None and row["created_at"] + self._window > now:
            response = json.loads(self._fernet.decrypt(row["response_ciphertext"]))
        return StoredResponse(row["application_id"], row["request_hash"], response)

    async def forget_expired_responses(self, db: Db, now: datetime) -> None:
        await run(
            db,
            "UPDATE idempotency_keys SET response_ciphertext = NULL"
            " WHERE response_ciphertext IS NOT NULL AND created_at < $1",
            now - self._window,
        )

"""Idempotency-Key support for submissions.

The first request with a key stores the request's hash and the response, the
response encrypted (it holds the access token, which is otherwise only stored
hashed). A retry with the same key and body gets that same response back while
the window lasts; the same key with another body is refused.
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
from returners_platform.store import one, run, update, value


@dataclass(frozen=True)
class StoredResponse:
    application_id: UUID
    request_hash: bytes
    response: dict[str, Any] | None  # None once the window has passed


class KeyReusedError(Exception):
    """The key was first used with a different request body."""


def request_hash(body: dict[str, Any]) -> bytes:
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).digest()


class IdempotencyStore:
    def __init__(self, secret: SecretStr, window: timedelta) -> None:
        key = base64.urlsafe_b64encode(hashlib.sha256(secret.get_secret_value().encode()).digest())
        self._fernet = Fernet(key)
        self._window = window

    async def claim(
        self, db: Db, key: str, body_hash: bytes, application_id: UUID, now: datetime
    ) -> StoredResponse | None:
        """Reserve ``key`` for a new application; if it is taken, return what it holds.

        A concurrent first request holding the key blocks this insert until it
        commits, so two racing requests still make one application.
        """
        claimed = await value(
            db,
            "INSERT INTO idempotency_keys (key, request_hash, application_id)"
            " VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING RETURNING true",
            key,
            body_hash,
            application_id,
        )
        if claimed:
            return None
        row = await one(
            db,
            dict[str, Any],
            "SELECT application_id, request_hash, response_ciphertext, created_at"
            " FROM idempotency_keys WHERE key = $1",
            key,
        )
        assert row is not None
        if row["request_hash"] != body_hash:
            raise KeyReusedError(key)
        response = None
        if row["response_ciphertext"] is not None and row["created_at"] + self._window > now:
            response = json.loads(self._fernet.decrypt(row["response_ciphertext"]))
        return StoredResponse(row["application_id"], row["request_hash"], response)

    async def store_response(self, db: Db, key: str, response: dict[str, Any]) -> None:
        await update(
            db,
            "idempotency_keys",
            where={"key": key},
            response_ciphertext=self._fernet.encrypt(json.dumps(response, default=str).encode()),
        )

    async def forget_expired_responses(self, db: Db, now: datetime) -> None:
        await run(
            db,
            "UPDATE idempotency_keys SET response_ciphertext = NULL"
            " WHERE response_ciphertext IS NOT NULL AND created_at < $1",
            now - self._window,
        )

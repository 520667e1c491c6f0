"""Applicant sessions: what the portal holds instead of an access token, stored hashed."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import one, run, value


@dataclass(frozen=True)
class Session:
    """Exactly one of ``application_id`` and ``draft_id`` is set."""

    application_id: UUID | None
    draft_id: UUID | None
    expires_at: datetime


async def insert(
    db: Db,
    token_hash: bytes,
    *,
    application_id: UUID | None = None,
    draft_id: UUID | None = None,
    now: datetime,
    expires_at: datetime,
) -> None:
    await run(
        db,
        "INSERT INTO applicant_sessions (token_hash, application_id, draft_id, created_at,"
        " expires_at) VALUES ($1, $2, $3, $4, $5)",
        token_hash,
        application_id,
        draft_id,
        now,
        expires_at,
    )


async def live(db: Db, token_hash: bytes, now: datetime) -> Session | None:
    return await one(
        db,
        Session,
        "SELECT application_id, draft_id, expires_at FROM applicant_sessions"
        " WHERE token_hash = $1 AND expires_at > $2",
        token_hash,
        now,
    )


async def delete(db: Db, token_hash: bytes) -> bool:
    deleted = await value(
        db, "DELETE FROM applicant_sessions WHERE token_hash = $1 RETURNING true", token_hash
    )
    return bool(deleted)

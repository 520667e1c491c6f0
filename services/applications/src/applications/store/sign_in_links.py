"""Sign-in links: one row per request, for an application, a draft, or nobody (an address we
do not know). The token exists only once notifications asks for it, and is kept hashed."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg

from returners_platform.messaging.unit_of_work import Db, connection_of

_COLUMNS = "sign_in_request_id, application_id, draft_id, requested_at, expires_at, used_at"


@dataclass(frozen=True)
class SignInLink:
    sign_in_request_id: UUID
    application_id: UUID | None
    draft_id: UUID | None
    requested_at: datetime
    expires_at: datetime
    used_at: datetime | None


def _link(row: asyncpg.Record) -> SignInLink:
    return SignInLink(**dict(row))


async def insert(db: Db, link: SignInLink) -> None:
    await connection_of(db).execute(
        f"INSERT INTO sign_in_links ({_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)",
        link.sign_in_request_id,
        link.application_id,
        link.draft_id,
        link.requested_at,
        link.expires_at,
        link.used_at,
    )


async def requested_since(
    db: Db, *, application_id: UUID | None, draft_id: UUID | None, since: datetime
) -> int:
    """How many links were asked for the application (or draft) since ``since``."""
    count = await connection_of(db).fetchval(
        "SELECT count(*) FROM sign_in_links WHERE requested_at > $3"
        " AND (application_id = $1 OR draft_id = $2)",
        application_id,
        draft_id,
        since,
    )
    return int(count or 0)


async def locked(db: Db, sign_in_request_id: UUID) -> SignInLink | None:
    row = await connection_of(db).fetchrow(
        f"SELECT {_COLUMNS} FROM sign_in_links WHERE sign_in_request_id = $1 FOR UPDATE",
        sign_in_request_id,
    )
    return _link(row) if row else None


async def locked_by_token(db: Db, token_hash: bytes) -> SignInLink | None:
    row = await connection_of(db).fetchrow(
        f"SELECT {_COLUMNS} FROM sign_in_links WHERE token_hash = $1 FOR UPDATE", token_hash
    )
    return _link(row) if row else None


async def set_token(db: Db, sign_in_request_id: UUID, token_hash: bytes, at: datetime) -> None:
    """The link's token (a new one replaces the one before: only the latest email works)."""
    await connection_of(db).execute(
        "UPDATE sign_in_links SET token_hash = $2, issued_at = $3 WHERE sign_in_request_id = $1",
        sign_in_request_id,
        token_hash,
        at,
    )


async def use_every_link_of(
    db: Db, *, application_id: UUID | None, draft_id: UUID | None, at: datetime
) -> None:
    """Mark every unused link of the application (or draft) used: one sign-in spends them all."""
    await connection_of(db).execute(
        "UPDATE sign_in_links SET used_at = $3 WHERE used_at IS NULL"
        " AND (application_id = $1 OR draft_id = $2)",
        application_id,
        draft_id,
        at,
    )

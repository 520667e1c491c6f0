"""Sign-in links: one row per request, for an application, a draft, or nobody (an address we
do not know). The token exists only once notifications asks for it, and is kept hashed."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import one, run, update, value

_COLUMNS = "sign_in_request_id, application_id, draft_id, requested_at, expires_at, used_at"


@dataclass(frozen=True)
class SignInLink:
    sign_in_request_id: UUID
    application_id: UUID | None
    draft_id: UUID | None
    requested_at: datetime
    expires_at: datetime
    used_at: datetime | None


async def insert(db: Db, link: SignInLink) -> None:
    await run(
        db,
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
    count = await value(
        db,
        "SELECT count(*) FROM sign_in_links WHERE requested_at > $3"
        " AND (application_id = $1 OR draft_id = $2)",
        application_id,
        draft_id,
        since,
    )
    return int(count or 0)


async def locked(db: Db, sign_in_request_id: UUID) -> SignInLink | None:
    return await one(
        db,
        SignInLink,
        f"SELECT {_COLUMNS} FROM sign_in_links WHERE sign_in_request_id = $1 FOR UPDATE",
        sign_in_request_id,
    )


async def locked_by_token(db: Db, token_hash: bytes) -> SignInLink | None:
    return await one(
        db,
        SignInLink,
        f"SELECT {_COLUMNS} FROM sign_in_links WHERE token_hash = $1 FOR UPDATE",
        token_hash,
    )


async def set_token(db: Db, sign_in_request_id: UUID, token_hash: bytes, at: datetime) -> None:
    """The link's token (a new one replaces the one before: only the latest email works)."""
    await update(
        db,
        "sign_in_links",
        where={"sign_in_request_id": sign_in_request_id},
        token_hash=token_hash,
        issued_at=at,
    )


async def use_every_link_of(
    db: Db, *, application_id: UUID | None, draft_id: UUID | None, at: datetime
) -> None:
    """Mark every unused link of the application (or draft) used: one sign-in spends them all."""
    await run(
        db,
        "UPDATE sign_in_links SET used_at = $3 WHERE used_at IS NULL"
        " AND (application_id = $1 OR draft_id = $2)",
        application_id,
        draft_id,
        at,
    )

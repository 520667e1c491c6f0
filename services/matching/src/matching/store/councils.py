"""Councils and the hashes of their API keys."""

from datetime import datetime
from uuid import UUID

from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import run, stamp_once, value


async def insert(db: Db, council_id: UUID, name: str, at: datetime) -> bool:
    """Register a council; False if a council of that name (any case) already exists."""
    inserted = await value(
        db,
        "INSERT INTO councils (council_id, name, registered_at) VALUES ($1, $2, $3)"
        " ON CONFLICT DO NOTHING RETURNING true",
        council_id,
        name,
        at,
    )
    return bool(inserted)


async def exists(db: Db, council_id: UUID) -> bool:
    return bool(await value(db, "SELECT true FROM councils WHERE council_id = $1", council_id))


async def add_key(db: Db, council_id: UUID, key_hash: bytes, at: datetime) -> None:
    await run(
        db,
        "INSERT INTO council_keys (key_hash, council_id, issued_at) VALUES ($1, $2, $3)",
        key_hash,
        council_id,
        at,
    )


async def revoke_keys(db: Db, council_id: UUID, at: datetime) -> None:
    await stamp_once(db, "council_keys", "revoked_at", at, council_id=council_id)


async def key_is_current(db: Db, council_id: UUID, key_hash: bytes) -> bool:
    current = await value(
        db,
        "SELECT true FROM council_keys"
        " WHERE key_hash = $1 AND council_id = $2 AND revoked_at IS NULL",
        key_hash,
        council_id,
    )
    return bool(current)

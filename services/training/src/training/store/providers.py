"""Training providers: organisations that log workshops and interview preparation for one
programme, by a key whose hash alone is kept."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import one, run


@dataclass(frozen=True)
class Provider:
    provider_id: UUID
    programme_id: str
    name: str


async def insert(
    db: Db, provider_id: UUID, programme_id: str, name: str, key_hash: bytes, at: datetime
) -> None:
    await run(
        db,
        "INSERT INTO providers (provider_id, programme_id, name, key_hash, issued_at)"
        " VALUES ($1, $2, $3, $4, $5)",
        provider_id,
        programme_id,
        name,
        key_hash,
        at,
    )


async def by_key(db: Db, key_hash: bytes) -> Provider | None:
    return await one(
        db,
        Provider,
        "SELECT provider_id, programme_id, name FROM providers WHERE key_hash = $1",
        key_hash,
    )

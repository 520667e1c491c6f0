"""Training providers' keys: issued by operations for one programme, shown once, kept as a
hash."""

import uuid
from dataclasses import dataclass
from uuid import UUID

from returners_platform.messaging.unit_of_work import Db, UnitOfWork
from returners_platform.service.auth import new_random_token, token_hash
from training.store import providers
from training.store.providers import Provider


@dataclass(frozen=True)
class IssuedKey:
    provider_id: UUID
    programme_id: str
    name: str
    api_key: str  # shown once; only its hash is kept


async def issue(uow: UnitOfWork, name: str, programme_id: str) -> IssuedKey:
    provider_id, api_key = uuid.uuid4(), new_random_token("rtp")
    await providers.insert(uow, provider_id, programme_id, name, token_hash(api_key), uow.now())
    return IssuedKey(provider_id, programme_id, name, api_key)


async def by_key(db: Db, api_key: str) -> Provider | None:
    return await providers.by_key(db, token_hash(api_key))

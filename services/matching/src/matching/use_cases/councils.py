"""Registering councils and their API keys.

A key is a signed token (``returners_platform.service.auth``): any service can check the
signature alone. Matching also stores the key's hash, so it can revoke a key by rotating it:
on matching a key is accepted only while its hash is a current key of its council.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from pydantic import SecretStr

from matching.store import councils
from returners_platform.contracts.events import CouncilRegistered
from returners_platform.errors import NotFound, Refused
from returners_platform.messaging.unit_of_work import UnitOfWork
from returners_platform.service.auth import council_of_key, issue_council_key, token_hash


@dataclass(frozen=True)
class IssuedKey:
    """A council's API key, shown once (only its hash is kept)."""

    council_id: uuid.UUID
    api_key: str


@dataclass(frozen=True)
class RegisteredCouncil(IssuedKey):
    name: str
    registered_at: datetime


async def register_council(uow: UnitOfWork, name: str, secret: SecretStr) -> RegisteredCouncil:
    council_id, now = uuid.uuid4(), uow.now()
    if not await councils.insert(uow, council_id, name, now):
        raise Refused("council_exists", f"a council named {name!r} is already registered")
    api_key = await _new_key(uow, council_id, secret, now)
    await uow.publish(CouncilRegistered(council_id=council_id, name=name, registered_at=now))
    return RegisteredCouncil(council_id, api_key, name, now)


async def rotate_key(uow: UnitOfWork, council_id: uuid.UUID, secret: SecretStr) -> IssuedKey:
    """Revoke every current key of the council and issue a new one."""
    now = uow.now()
    if not await councils.exists(uow, council_id):
        raise NotFound("no such council")
    await councils.revoke_keys(uow, council_id, now)
    return IssuedKey(council_id, await _new_key(uow, council_id, secret, now))


async def council_of(uow: UnitOfWork, api_key: str | None, secret: SecretStr) -> uuid.UUID | None:
    """The council whose current key this is: a valid signature and a hash not revoked."""
    owner = council_of_key(api_key, secret)
    if owner is None or api_key is None:
        return None
    return owner if await councils.key_is_current(uow, owner, token_hash(api_key)) else None


async def _new_key(uow: UnitOfWork, council_id: uuid.UUID, secret: SecretStr, now: datetime) -> str:
    api_key = issue_council_key(council_id, secret)
    await councils.add_key(uow, council_id, token_hash(api_key), now)
    return api_key

"""Typed dependencies of the routes: settings, a unit of work, credentials (a council's key,
a training provider's key, the operations token)."""

from typing import Annotated
from uuid import UUID

from fastapi import Depends

from returners_platform.service.auth import BearerToken, require_council, unauthenticated
from returners_platform.service.deps import OperationsOnly, UnitOfWorkDep, from_app_state
from training.config import Settings
from training.store.providers import Provider
from training.use_cases.providers import by_key

SettingsDep = Annotated[Settings, Depends(from_app_state("settings"))]


async def this_council(council_id: UUID, token: BearerToken, settings: SettingsDep) -> UUID:
    """The path's council, only with its own key (verified by its signature, as every service
    but matching does): no valid key is 401; another council's key is 404."""
    require_council(token, council_id, settings.council_key_secret)
    return council_id


async def training_provider(token: BearerToken, uow: UnitOfWorkDep) -> Provider:
    """The training provider whose key this is; no key, or not a provider's, is 401."""
    provider = await by_key(uow, token) if token else None
    if provider is None:
        raise unauthenticated("a training provider's key")
    return provider


CouncilDep = Annotated[UUID, Depends(this_council)]
ProviderDep = Annotated[Provider, Depends(training_provider)]

__all__ = [
    "BearerToken",
    "CouncilDep",
    "OperationsOnly",
    "ProviderDep",
    "SettingsDep",
    "UnitOfWorkDep",
]

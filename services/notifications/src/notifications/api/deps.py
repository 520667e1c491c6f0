"""Typed dependencies of the routes: settings, a unit of work, credentials, collaborators."""

from typing import Annotated
from uuid import UUID

from fastapi import Depends

from notifications.config import Settings
from notifications.delivery.resolver import Resolver
from notifications.webhooks.secret_box import SecretBox
from returners_platform.service.auth import BearerToken, require_council
from returners_platform.service.deps import UnitOfWorkDep, from_app_state

SettingsDep = Annotated[Settings, Depends(from_app_state("settings"))]
SecretBoxDep = Annotated[SecretBox, Depends(from_app_state("secret_box"))]
ResolverDep = Annotated[Resolver, Depends(from_app_state("resolver"))]


async def authorised_council(council_id: UUID, token: BearerToken, settings: SettingsDep) -> UUID:
    """The council in the path, once its key is presented (401 no key, 404 another's key)."""
    require_council(token, council_id, settings.council_key_secret)
    return council_id


CouncilDep = Annotated[UUID, Depends(authorised_council)]

__all__ = [
    "CouncilDep",
    "ResolverDep",
    "SecretBoxDep",
    "SettingsDep",
    "UnitOfWorkDep",
]

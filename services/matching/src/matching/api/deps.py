"""Typed dependencies of the routes: settings, clock, a unit of work, credentials."""

from typing import Annotated
from uuid import UUID

from fastapi import Depends

from matching.config import Settings
from matching.use_cases.councils import council_of
from returners_platform.errors import NotFound
from returners_platform.service.auth import BearerToken, unauthenticated
from returners_platform.service.deps import (
    ClockDep,
    OperationsOnly,
    UnitOfWorkDep,
    from_app_state,
)

SettingsDep = Annotated[Settings, Depends(from_app_state("settings"))]


async def this_council(
    council_id: UUID, token: BearerToken, settings: SettingsDep, uow: UnitOfWorkDep
) -> UUID:
    """The path's council, only with its own current key.

    No key, a badly signed or a revoked key: 401. Another council's key: 404, exactly as
    for a council that does not exist, so a council never learns what another one has.
    """
    owner = await council_of(uow, token, settings.council_key_secret)
    if owner is None:
        raise unauthenticated("council API key")
    if owner != council_id:
        raise NotFound()
    return council_id


CouncilDep = Annotated[UUID, Depends(this_council)]

__all__ = [
    "BearerToken",
    "ClockDep",
    "CouncilDep",
    "OperationsOnly",
    "SettingsDep",
    "UnitOfWorkDep",
]

"""Typed dependencies of the routes: settings, clock, a unit of work, credentials."""

from typing import Annotated
from uuid import UUID

from fastapi import Depends, HTTPException, status

from matching.clock import Clock
from matching.config import Settings
from matching.use_cases.councils import council_of
from returners_platform.service.auth import BearerToken
from returners_platform.service.deps import OperationsOnly, UnitOfWorkDep, from_app_state

SettingsDep = Annotated[Settings, Depends(from_app_state("settings"))]
ClockDep = Annotated[Clock, Depends(from_app_state("clock"))]


async def this_council(
    council_id: UUID, token: BearerToken, settings: SettingsDep, uow: UnitOfWorkDep
) -> UUID:
    """The path's council, only with its own current key.

    No key, a badly signed or a revoked key: 401. Another council's key: 404, exactly as
    for a council that does not exist, so a council never learns what another one has.
    """
    owner = await council_of(uow, token, settings.council_key_secret)
    if owner is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "council API key required",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if owner != council_id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "not found")
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

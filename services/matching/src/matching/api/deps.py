"""Typed dependencies of the routes: settings, clock, a unit of work, credentials."""

from collections.abc import AsyncIterator
from typing import Annotated
from uuid import UUID

from fastapi import Depends, HTTPException, Request, status

from matching.clock import Clock
from matching.config import Settings
from matching.use_cases.councils import council_of
from returners_platform.messaging.unit_of_work import UnitOfWork, unit_of_work
from returners_platform.service.auth import bearer_token, require_operations
from returners_platform.service.runtime import Runtime


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def get_uow(runtime: Annotated[Runtime, Depends(get_runtime)]) -> AsyncIterator[UnitOfWork]:
    async with unit_of_work(runtime.pool, source=runtime.source) as uow:
        yield uow


SettingsDep = Annotated[Settings, Depends(get_settings)]
ClockDep = Annotated[Clock, Depends(get_clock)]
UnitOfWorkDep = Annotated[UnitOfWork, Depends(get_uow)]
TokenDep = Annotated[str | None, Depends(bearer_token)]


def operations_only(token: TokenDep, settings: SettingsDep) -> None:
    require_operations(token, settings.operations_token)


async def this_council(
    council_id: UUID, token: TokenDep, settings: SettingsDep, uow: UnitOfWorkDep
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


OperationsOnly = Depends(operations_only)
CouncilDep = Annotated[UUID, Depends(this_council)]

"""Typed dependencies of the routes: settings, a unit of work, credentials."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request

from applications.config import Settings
from applications.idempotency import IdempotencyStore
from returners_platform.messaging.unit_of_work import UnitOfWork, unit_of_work
from returners_platform.service.auth import bearer_token
from returners_platform.service.runtime import Runtime


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def get_uow(runtime: Annotated[Runtime, Depends(get_runtime)]) -> AsyncIterator[UnitOfWork]:
    async with unit_of_work(runtime.pool, source=runtime.source) as uow:
        yield uow


async def get_idempotency(request: Request) -> IdempotencyStore:
    store: IdempotencyStore = request.app.state.idempotency
    return store


SettingsDep = Annotated[Settings, Depends(get_settings)]
UnitOfWorkDep = Annotated[UnitOfWork, Depends(get_uow)]
IdempotencyDep = Annotated[IdempotencyStore, Depends(get_idempotency)]
TokenDep = Annotated[str | None, Depends(bearer_token)]

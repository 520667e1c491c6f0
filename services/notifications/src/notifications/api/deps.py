"""Typed dependencies of the routes: settings, a unit of work, credentials, collaborators."""

from collections.abc import AsyncIterator
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Request

from notifications.config import Settings
from notifications.delivery.resolver import Resolver
from notifications.webhooks.secret_box import SecretBox
from returners_platform.messaging.unit_of_work import UnitOfWork, unit_of_work
from returners_platform.service.auth import BearerToken, require_council, require_operations
from returners_platform.service.runtime import Runtime


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def get_uow(runtime: Annotated[Runtime, Depends(get_runtime)]) -> AsyncIterator[UnitOfWork]:
    async with unit_of_work(runtime.pool, source=runtime.source) as uow:
        yield uow


def get_secret_box(request: Request) -> SecretBox:
    box: SecretBox = request.app.state.secret_box
    return box


def get_resolver(request: Request) -> Resolver:
    resolver: Resolver = request.app.state.resolver
    return resolver


SettingsDep = Annotated[Settings, Depends(get_settings)]


def authorised_council(council_id: UUID, token: BearerToken, settings: SettingsDep) -> UUID:
    """The council in the path, once its key is presented (401 no key, 404 another's key)."""
    require_council(token, council_id, settings.council_key_secret)
    return council_id


def operator(token: BearerToken, settings: SettingsDep) -> None:
    require_operations(token, settings.operations_token)


UnitOfWorkDep = Annotated[UnitOfWork, Depends(get_uow)]
SecretBoxDep = Annotated[SecretBox, Depends(get_secret_box)]
ResolverDep = Annotated[Resolver, Depends(get_resolver)]
CouncilDep = Annotated[UUID, Depends(authorised_council)]
OperatorOnly = Depends(operator)

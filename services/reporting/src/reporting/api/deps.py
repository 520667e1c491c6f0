"""Typed dependencies of the routes: settings, a database connection, the operations token."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request

from reporting.config import Settings
from reporting.health.monitor import PlatformHealthMonitor
from reporting.store import Connection
from returners_platform.service.auth import BearerToken, require_operations
from returners_platform.service.runtime import Runtime


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def get_monitor(request: Request) -> PlatformHealthMonitor:
    monitor: PlatformHealthMonitor = request.app.state.health_monitor
    return monitor


async def get_connection(
    runtime: Annotated[Runtime, Depends(get_runtime)],
) -> AsyncIterator[Connection]:
    async with runtime.pool.acquire() as conn:
        yield conn


def operations_only(
    token: BearerToken, settings: Annotated[Settings, Depends(get_settings)]
) -> None:
    require_operations(token, settings.operations_token)


SettingsDep = Annotated[Settings, Depends(get_settings)]
ConnectionDep = Annotated[Connection, Depends(get_connection)]
MonitorDep = Annotated[PlatformHealthMonitor, Depends(get_monitor)]

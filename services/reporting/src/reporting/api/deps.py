"""Typed dependencies of the routes: settings, a database connection, the health monitor."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends

from reporting.config import Settings
from reporting.loops.platform_health import PlatformHealthMonitor
from reporting.store import Connection
from returners_platform.service.deps import RuntimeDep, from_app_state

SettingsDep = Annotated[Settings, Depends(from_app_state("settings"))]
MonitorDep = Annotated[PlatformHealthMonitor, Depends(from_app_state("health_monitor"))]


async def get_connection(runtime: RuntimeDep) -> AsyncIterator[Connection]:
    async with runtime.pool.acquire() as conn:
        yield conn


ConnectionDep = Annotated[Connection, Depends(get_connection)]

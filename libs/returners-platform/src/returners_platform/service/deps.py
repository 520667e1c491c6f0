"""FastAPI dependencies every service's routes use.

The composition root puts what the routes need on ``app.state`` (settings, the clock, the
runtime, collaborators); ``from_app_state`` reads one back, typed by the ``Annotated`` alias a
service declares. Every dependency is ``async``: a plain ``def`` would cost a thread hop per
request.

``UnitOfWorkDep`` is function-scoped: its transaction commits when the route returns and
before the response is sent, so a 2xx is only ever sent for a committed transaction, and a
commit that fails is the client's 5xx (FastAPI's default request scope would commit after
the response had left).
"""

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, Request

from returners_platform.clock import Clock
from returners_platform.messaging.unit_of_work import UnitOfWork, unit_of_work
from returners_platform.service.auth import BearerToken, require_operations
from returners_platform.service.runtime import Runtime
from returners_platform.service.settings import ServiceSettings


def from_app_state(name: str) -> Callable[[Request], Awaitable[Any]]:
    """A dependency giving ``request.app.state.<name>``."""

    async def dependency(request: Request) -> Any:
        return getattr(request.app.state, name)

    dependency.__name__ = f"app_state_{name}"
    return dependency


RuntimeDep = Annotated[Runtime, Depends(from_app_state("runtime"))]
ServiceSettingsDep = Annotated[ServiceSettings, Depends(from_app_state("settings"))]
ClockDep = Annotated[Clock, Depends(from_app_state("clock"))]


async def get_uow(runtime: RuntimeDep) -> AsyncIterator[UnitOfWork]:
    """One transaction for the request; events it publishes go out through the outbox."""
    async with unit_of_work(runtime.pool, source=runtime.source, clock=runtime.clock) as uow:
        yield uow


# scope="function": committed before the response is sent (see the module's docstring).
UnitOfWorkDep = Annotated[UnitOfWork, Depends(get_uow, scope="function")]


async def operations_only(token: BearerToken, settings: ServiceSettingsDep) -> None:
    """Routes for operations staff: the operations token, or 401."""
    require_operations(token, settings.operations_token)


OperationsOnly = Depends(operations_only)

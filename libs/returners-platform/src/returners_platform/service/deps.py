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

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from returners_platform.clock import Clock
from returners_platform.messaging.unit_of_work import UnitOfWork, unit_of_work
from returners_platform.service.auth import (
    BearerToken,
    require_operations,
    token_matches,
    unauthenticated,
)
from returners_platform.service.problems import Responses, responses
from returners_platform.service.runtime import Runtime
from returners_platform.service.settings import InternalTokenSettings, ServiceSettings


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
OPERATIONS_ONLY_RESPONSES = responses({401: "Operations token required"})


async def internal_only(
    token: BearerToken,
    settings: Annotated[InternalTokenSettings, Depends(from_app_state("settings"))],
) -> None:
    """Endpoints other services call: the internal token (``InternalTokenSettings``), or 401."""
    if not token_matches(token, settings.internal_token):
        raise unauthenticated("internal token")


InternalOnly = Depends(internal_only)
INTERNAL_ONLY_RESPONSES = responses({401: "Internal token required"})
COUNCIL_KEY_RESPONSES = responses(
    {
        401: "No valid council API key",
        404: "Not found for this council (also: another council's key)",
    }
)


def operations_router(
    prefix: str, *, tags: Sequence[str], also: Responses | None = None
) -> APIRouter:
    """A router whose every route is for operations staff: the token checked and documented
    once. ``also``: answers every route of it can give besides."""
    return APIRouter(
        prefix=prefix,
        tags=list(tags),
        dependencies=[OperationsOnly],
        responses=OPERATIONS_ONLY_RESPONSES | (also or {}),
    )


def internal_router() -> APIRouter:
    """``/internal``: endpoints other services call with the internal token."""
    return APIRouter(
        prefix="/internal",
        tags=["internal"],
        dependencies=[InternalOnly],
        responses=INTERNAL_ONLY_RESPONSES,
    )


def council_router(prefix: str, *, tags: Sequence[str]) -> APIRouter:
    """A router of a council's own resources (``council_id`` in the path): each route takes
    the service's council dependency (``auth.require_council`` or stricter), so no valid key is
    401 and another council's key is 404, documented here once."""
    return APIRouter(prefix=prefix, tags=list(tags), responses=COUNCIL_KEY_RESPONSES)

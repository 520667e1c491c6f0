"""Typed dependencies of the routes: settings, a unit of work, credentials (the operations
token, a panel member's key)."""

from typing import Annotated

from fastapi import Depends

from returners_platform.service.auth import BearerToken, token_matches, unauthenticated
from returners_platform.service.deps import OperationsOnly, UnitOfWorkDep, from_app_state
from selection.config import Settings
from selection.store.panel import Assessor
from selection.use_cases.panel import assessor_by_key

SettingsDep = Annotated[Settings, Depends(from_app_state("settings"))]


async def panel_member(token: BearerToken, uow: UnitOfWorkDep) -> Assessor:
    """The panel member whose key this is; no key, or not a panel member's, is 401."""
    assessor = await assessor_by_key(uow, token) if token else None
    if assessor is None:
        raise unauthenticated("a panel member's key")
    return assessor


async def operations_or_panel_member(
    token: BearerToken, settings: SettingsDep, uow: UnitOfWorkDep
) -> Assessor | None:
    """Operations staff (None) or a panel member (the assessment provider's results may come
    from either)."""
    if token_matches(token, settings.operations_token):
        return None
    return await panel_member(token, uow)


PanelMember = Annotated[Assessor, Depends(panel_member)]
OperationsOrPanelMember = Annotated[Assessor | None, Depends(operations_or_panel_member)]

__all__ = [
    "BearerToken",
    "OperationsOnly",
    "OperationsOrPanelMember",
    "PanelMember",
    "SettingsDep",
    "UnitOfWorkDep",
]

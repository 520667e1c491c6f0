"""Typed dependencies of the routes: settings, a unit of work, credentials."""

from typing import Annotated

from fastapi import Depends

from applications.config import Settings
from applications.idempotency import IdempotencyStore
from returners_platform.service.auth import BearerToken
from returners_platform.service.deps import UnitOfWorkDep, from_app_state

SettingsDep = Annotated[Settings, Depends(from_app_state("settings"))]
IdempotencyDep = Annotated[IdempotencyStore, Depends(from_app_state("idempotency"))]

__all__ = ["BearerToken", "IdempotencyDep", "SettingsDep", "UnitOfWorkDep"]

"""Typed dependencies of the routes: settings, clock, a unit of work, credentials."""

from typing import Annotated

from fastapi import Depends, Request

from applications.config import Settings
from applications.store.idempotency import IdempotencyStore
from returners_platform.service.auth import BearerToken, bearer_token, unauthenticated
from returners_platform.service.deps import UnitOfWorkDep, from_app_state

SettingsDep = Annotated[Settings, Depends(from_app_state("settings"))]
IdempotencyDep = Annotated[IdempotencyStore, Depends(from_app_state("idempotency"))]


async def applicant_token(request: Request) -> str:
    """The bearer token an applicant presents (which application it opens is checked by the
    use case: a wrong one is 404, like an application that does not exist); none is 401.
    It reads the header itself rather than through ``BearerToken``: one dependency to solve
    per request, not two, on every applicant route (the status poll the busiest)."""
    token = await bearer_token(request)
    if token is None:
        raise unauthenticated("access token")
    return token


ApplicantToken = Annotated[str, Depends(applicant_token)]

__all__ = [
    "ApplicantToken",
    "BearerToken",
    "IdempotencyDep",
    "SettingsDep",
    "UnitOfWorkDep",
]

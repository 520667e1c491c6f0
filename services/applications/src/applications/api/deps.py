"""Typed dependencies of the routes: settings, clock, a unit of work, credentials."""

from typing import Annotated

from fastapi import Depends

from applications.config import Settings
from applications.selection_api import FeedbackLookup
from applications.store.idempotency import IdempotencyStore
from returners_platform.service.auth import BearerToken, unauthenticated
from returners_platform.service.deps import UnitOfWorkDep, from_app_state

SettingsDep = Annotated[Settings, Depends(from_app_state("settings"))]
IdempotencyDep = Annotated[IdempotencyStore, Depends(from_app_state("idempotency"))]
FeedbackDep = Annotated[FeedbackLookup, Depends(from_app_state("feedback"))]


async def applicant_token(token: BearerToken) -> str:
    """The bearer token an applicant presents (which application it opens is checked by the
    use case: a wrong one is 404, like an application that does not exist); none is 401."""
    if token is None:
        raise unauthenticated("access token")
    return token


ApplicantToken = Annotated[str, Depends(applicant_token)]

__all__ = [
    "ApplicantToken",
    "BearerToken",
    "FeedbackDep",
    "IdempotencyDep",
    "SettingsDep",
    "UnitOfWorkDep",
]

"""Internal endpoints for other services (internal token), e.g. contact lookup at send time."""

from uuid import UUID

from fastapi import APIRouter, HTTPException, status

from applications import store
from applications.api.deps import BearerToken, SettingsDep, UnitOfWorkDep
from applications.api.schemas import ContactDetails
from returners_platform.service.auth import token_matches

router = APIRouter(prefix="/internal", tags=["internal"])


@router.get(
    "/applications/{application_id}/contact",
    response_model=ContactDetails,
    responses={
        401: {"description": "Internal token required"},
        404: {"description": "Unknown or erased"},
    },
)
async def contact(
    application_id: UUID, uow: UnitOfWorkDep, token: BearerToken, settings: SettingsDep
) -> ContactDetails:
    if not token_matches(token, settings.internal_token):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "internal token required")
    row = await store.contact(uow.conn, application_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no contact details")
    return ContactDetails(**dict(row))

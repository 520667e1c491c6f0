"""Internal endpoints for other services (internal token), e.g. contact lookup at send time."""

from uuid import UUID

from fastapi import APIRouter

from applications.api.deps import BearerToken, SettingsDep, UnitOfWorkDep
from applications.api.schemas import ContactDetails
from applications.use_cases import personal_data
from returners_platform.service.auth import token_matches, unauthenticated

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
        raise unauthenticated("internal token")
    found = await personal_data.contact(uow, application_id)
    return ContactDetails(
        given_name=found.given_name, family_name=found.family_name, email=found.email
    )

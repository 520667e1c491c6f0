"""Internal endpoints for other services (internal token), e.g. contact lookup at send time."""

from uuid import UUID

from fastapi import APIRouter

from applications.api.deps import BearerToken, SettingsDep, UnitOfWorkDep
from applications.api.schemas import ContactDetails, IssuedLinkView
from applications.config import Settings
from applications.use_cases import personal_data, sign_in
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
    _internal_only(token, settings)
    found = await personal_data.contact(uow, application_id)
    return ContactDetails(
        given_name=found.given_name, family_name=found.family_name, email=found.email
    )


@router.post(
    "/sign-in-links/{sign_in_request_id}/issue",
    response_model=IssuedLinkView,
    responses={
        401: {"description": "Internal token required"},
        404: {"description": "Nothing to send: nobody's address, expired, used or erased"},
    },
    summary="At send time: where to send a sign-in link, and a fresh token for it",
)
async def issue_sign_in_link(
    sign_in_request_id: UUID, uow: UnitOfWorkDep, token: BearerToken, settings: SettingsDep
) -> IssuedLinkView:
    _internal_only(token, settings)
    issued = await sign_in.issue_link(uow, sign_in_request_id)
    return IssuedLinkView(
        purpose=issued.purpose,
        programme_id=issued.programme_id,
        email=issued.email,
        given_name=issued.given_name,
        family_name=issued.family_name,
        link_token=issued.token,
        expires_at=issued.expires_at,
    )


def _internal_only(token: str | None, settings: Settings) -> None:
    if not token_matches(token, settings.internal_token):
        raise unauthenticated("internal token")

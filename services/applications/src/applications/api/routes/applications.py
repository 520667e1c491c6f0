"""Applicant portal: submit, read status and timeline, withdraw, erase personal data."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Header, Response, status

from applications import use_cases
from applications.api.deps import (
    ApplicantToken,
    BearerToken,
    ClockDep,
    IdempotencyDep,
    SettingsDep,
    UnitOfWorkDep,
)
from applications.api.rate_limit import SubmissionRateLimit
from applications.api.schemas import ApplicationView, Submission, Submitted
from returners_platform.service.auth import token_matches, unauthenticated
from returners_platform.service.deps import RuntimeDep

router = APIRouter(prefix="/applications", tags=["applications"])

AUTH_RESPONSES: dict[int | str, dict[str, str]] = {
    401: {"description": "No access token"},
    404: {"description": "No such application for this token"},
}


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=Submitted,
    responses={
        200: {"description": "Replay of an earlier request with the same Idempotency-Key"},
        409: {"description": "Unknown or closed programme"},
        413: {"description": "Body too large"},
        429: {"description": "Too many submissions from this client"},
    },
    dependencies=[SubmissionRateLimit],
)
async def submit(
    submission: Submission,
    response: Response,
    uow: UnitOfWorkDep,
    idempotency: IdempotencyDep,
    clock: ClockDep,
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", min_length=1, max_length=200)
    ] = None,
) -> Submitted:
    answer, created = await use_cases.submit_application(
        uow, submission, idempotency=idempotency, idempotency_key=idempotency_key, now=clock()
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return answer


@router.get("/{application_id}", response_model=ApplicationView, responses=AUTH_RESPONSES)
async def read_status(
    application_id: UUID, runtime: RuntimeDep, token: ApplicantToken
) -> ApplicationView:
    view = await use_cases.application_status(runtime.pool, application_id, token)
    return ApplicationView.model_validate(view)


@router.post(
    "/{application_id}/withdraw",
    response_model=ApplicationView,
    responses={**AUTH_RESPONSES, 409: {"description": "Already hired"}},
)
async def withdraw(
    application_id: UUID, uow: UnitOfWorkDep, token: ApplicantToken, clock: ClockDep
) -> ApplicationView:
    view = await use_cases.withdraw(uow, application_id, token, clock())
    return ApplicationView.model_validate(view)


@router.delete(
    "/{application_id}/personal-data",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=AUTH_RESPONSES,
    summary="Erase the applicant's personal data (UK GDPR); statistics stay",
)
async def erase_personal_data(
    application_id: UUID,
    uow: UnitOfWorkDep,
    token: BearerToken,
    settings: SettingsDep,
    clock: ClockDep,
) -> Response:
    if token is None:
        raise unauthenticated("access token")
    applicant_token = None if token_matches(token, settings.operations_token) else token
    await use_cases.erase_personal_data(uow, application_id, applicant_token, clock())
    return Response(status_code=status.HTTP_204_NO_CONTENT)

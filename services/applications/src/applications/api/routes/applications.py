"""Applicant portal: submit, read status and timeline, withdraw, erase personal data."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Header, Response, status

from applications import store, use_cases
from applications.api.deps import BearerToken, IdempotencyDep, SettingsDep, UnitOfWorkDep
from applications.api.errors import NOT_FOUND, UNAUTHORISED, http_error
from applications.api.rate_limit import SubmissionRateLimit
from applications.api.schemas import ApplicationView, Submission, Submitted
from applications.domain.rules import DomainError
from applications.idempotency import KeyReusedError
from returners_platform.service.auth import token_matches
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
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", min_length=1, max_length=200)
    ] = None,
) -> Submitted:
    try:
        answer, created = await use_cases.submit_application(
            uow, submission, idempotency=idempotency, idempotency_key=idempotency_key
        )
    except DomainError as exc:
        raise http_error(exc) from exc
    except KeyReusedError as exc:
        raise http_error(
            DomainError(
                "idempotency_key_reused",
                "Idempotency-Key was used with another body",
                "Idempotency-Key",
            )
        ) from exc
    if not created:
        response.status_code = status.HTTP_200_OK
    return answer


@router.get("/{application_id}", response_model=ApplicationView, responses=AUTH_RESPONSES)
async def read_status(
    application_id: UUID, runtime: RuntimeDep, token: BearerToken
) -> ApplicationView:
    if token is None:
        raise UNAUTHORISED
    try:
        view = await use_cases.application_status(runtime.pool, application_id, token)
    except use_cases.NotFoundError as exc:
        raise NOT_FOUND from exc
    return ApplicationView.model_validate(view)


@router.post(
    "/{application_id}/withdraw",
    response_model=ApplicationView,
    responses={**AUTH_RESPONSES, 409: {"description": "Already hired"}},
)
async def withdraw(application_id: UUID, uow: UnitOfWorkDep, token: BearerToken) -> ApplicationView:
    application = await _authorised(uow, application_id, token)
    try:
        await use_cases.withdraw(uow, application)
    except DomainError as exc:
        raise http_error(exc) from exc
    return ApplicationView.model_validate(await store.status_view(uow.conn, application_id))


@router.delete(
    "/{application_id}/personal-data",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=AUTH_RESPONSES,
    summary="Erase the applicant's personal data (UK GDPR); statistics stay",
)
async def erase_personal_data(
    application_id: UUID, uow: UnitOfWorkDep, token: BearerToken, settings: SettingsDep
) -> Response:
    if not token_matches(token, settings.operations_token):
        await _authorised(uow, application_id, token)
    try:
        await use_cases.erase_personal_data(uow, application_id)
    except use_cases.NotFoundError as exc:
        raise NOT_FOUND from exc
    return Response(status_code=status.HTTP_204_NO_CONTENT)


async def _authorised(uow: UnitOfWorkDep, application_id: UUID, token: str | None) -> object:
    if token is None:
        raise UNAUTHORISED
    try:
        return await use_cases.authorise(uow, application_id, token)
    except use_cases.NotFoundError as exc:
        raise NOT_FOUND from exc

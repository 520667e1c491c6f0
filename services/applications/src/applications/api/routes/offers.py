"""Applicant answers to placement offers."""

from uuid import UUID

from fastapi import APIRouter

from applications import store, use_cases
from applications.api.deps import BearerToken, UnitOfWorkDep
from applications.api.errors import NOT_FOUND, http_error
from applications.api.routes.applications import AUTH_RESPONSES, _authorised
from applications.api.schemas import ApplicationView
from applications.domain.rules import DomainError

router = APIRouter(prefix="/applications/{application_id}/offers", tags=["offers"])

RESPONSES = {**AUTH_RESPONSES, 409: {"description": "Offer not open, expired, or withdrawn"}}


@router.post("/{offer_id}/accept", response_model=ApplicationView, responses=RESPONSES)
async def accept(
    application_id: UUID, offer_id: UUID, uow: UnitOfWorkDep, token: BearerToken
) -> ApplicationView:
    return await _answer(application_id, offer_id, uow, token, accept=True)


@router.post("/{offer_id}/decline", response_model=ApplicationView, responses=RESPONSES)
async def decline(
    application_id: UUID, offer_id: UUID, uow: UnitOfWorkDep, token: BearerToken
) -> ApplicationView:
    return await _answer(application_id, offer_id, uow, token, accept=False)


async def _answer(
    application_id: UUID, offer_id: UUID, uow: UnitOfWorkDep, token: str | None, *, accept: bool
) -> ApplicationView:
    application = await _authorised(uow, application_id, token)
    try:
        await use_cases.answer_offer(uow, application, offer_id, accept)
    except use_cases.NotFoundError as exc:
        raise NOT_FOUND from exc
    except DomainError as exc:
        raise http_error(exc) from exc
    return ApplicationView.model_validate(await store.status_view(uow.conn, application_id))

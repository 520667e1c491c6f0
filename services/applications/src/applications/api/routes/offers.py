"""Applicant answers to placement offers."""

from uuid import UUID

from fastapi import APIRouter

from applications import use_cases
from applications.api.deps import ApplicantToken, ClockDep, UnitOfWorkDep
from applications.api.routes.applications import AUTH_RESPONSES
from applications.api.schemas import ApplicationView

router = APIRouter(prefix="/applications/{application_id}/offers", tags=["offers"])

RESPONSES = {**AUTH_RESPONSES, 409: {"description": "Offer not open, expired, or withdrawn"}}


@router.post("/{offer_id}/accept", response_model=ApplicationView, responses=RESPONSES)
async def accept(
    application_id: UUID,
    offer_id: UUID,
    uow: UnitOfWorkDep,
    token: ApplicantToken,
    clock: ClockDep,
) -> ApplicationView:
    view = await use_cases.answer_offer(
        uow, application_id, token, offer_id, accept=True, now=clock()
    )
    return ApplicationView.model_validate(view)


@router.post("/{offer_id}/decline", response_model=ApplicationView, responses=RESPONSES)
async def decline(
    application_id: UUID,
    offer_id: UUID,
    uow: UnitOfWorkDep,
    token: ApplicantToken,
    clock: ClockDep,
) -> ApplicationView:
    view = await use_cases.answer_offer(
        uow, application_id, token, offer_id, accept=False, now=clock()
    )
    return ApplicationView.model_validate(view)

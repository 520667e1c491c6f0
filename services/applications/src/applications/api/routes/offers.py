"""Applicant answers to placement offers."""

from uuid import UUID

from fastapi import APIRouter

from applications.api.deps import ApplicantToken, UnitOfWorkDep
from applications.api.routes.applications import AUTH_RESPONSES
from applications.api.schemas import ApplicationView
from applications.use_cases import answers
from returners_platform.service.problems import responses

router = APIRouter(
    prefix="/applications/{application_id}/offers",
    tags=["offers"],
    responses=responses({409: "Offer not open, expired, or withdrawn"}, AUTH_RESPONSES),
)


@router.post("/{offer_id}/accept")
async def accept(
    application_id: UUID, offer_id: UUID, uow: UnitOfWorkDep, token: ApplicantToken
) -> ApplicationView:
    view = await answers.answer_offer(uow, application_id, token, offer_id, accept=True)
    return ApplicationView.of(view)


@router.post("/{offer_id}/decline")
async def decline(
    application_id: UUID, offer_id: UUID, uow: UnitOfWorkDep, token: ApplicantToken
) -> ApplicationView:
    view = await answers.answer_offer(uow, application_id, token, offer_id, accept=False)
    return ApplicationView.of(view)

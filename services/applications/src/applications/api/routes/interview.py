"""The applicant's interview (programmes with selection): book or move, cancel. Selection
answers later (booked, cancelled, or why not): the status shows it."""

from uuid import UUID

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict

from applications.api.deps import ApplicantToken, UnitOfWorkDep
from applications.api.routes.applications import AUTH_RESPONSES
from applications.use_cases import selection
from returners_platform.service.problems import responses

router = APIRouter(
    prefix="/applications/{application_id}/interview",
    tags=["interview"],
    responses=responses({409: "No interview to book for this application"}, AUTH_RESPONSES),
)


class SlotChoice(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slot_id: UUID


class BookingRequested(BaseModel):
    request_id: UUID
    status: str = "requested"


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Book (or move to) an interview slot; the answer shows on the status",
)
async def book(
    application_id: UUID, body: SlotChoice, uow: UnitOfWorkDep, token: ApplicantToken
) -> BookingRequested:
    request_id = await selection.request_interview(uow, application_id, token, body.slot_id)
    return BookingRequested(request_id=request_id)


@router.delete(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Cancel the interview booking; the answer shows on the status",
)
async def cancel(
    application_id: UUID, uow: UnitOfWorkDep, token: ApplicantToken
) -> BookingRequested:
    request_id = await selection.request_interview(uow, application_id, token, None)
    return BookingRequested(request_id=request_id)

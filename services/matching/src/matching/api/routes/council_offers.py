"""A council's offers (against its vacancies) and its hire reports."""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from matching.api.deps import AUTH_RESPONSES, ClockDep, CouncilDep, UnitOfWorkDep
from matching.api.schemas.councils import CouncilOffer, Hire, HireReport
from matching.domain.offers import OfferStatus
from matching.use_cases import offers

router = APIRouter(prefix="/councils/{council_id}", tags=["offers"])


@router.get("/offers", response_model=list[CouncilOffer], responses=AUTH_RESPONSES)
async def list_offers(
    council_id: CouncilDep,
    uow: UnitOfWorkDep,
    offer_status: Annotated[OfferStatus | None, Query(alias="status")] = None,
) -> list[CouncilOffer]:
    rows = await offers.council_offers(uow, council_id, offer_status)
    return [CouncilOffer.model_validate(dict(row)) for row in rows]


@router.post(
    "/hires",
    status_code=status.HTTP_201_CREATED,
    response_model=Hire,
    responses={
        **AUTH_RESPONSES,
        200: {"description": "This hire was already reported; nothing new"},
        409: {"description": "The application has no accepted offer from this council"},
    },
    summary="Report hiring a returner who accepted this council's offer (returner.hired)",
)
async def report_hire(
    body: HireReport,
    response: Response,
    council_id: CouncilDep,
    uow: UnitOfWorkDep,
    clock: ClockDep,
) -> Hire:
    hire, created = await offers.report_hire(uow, council_id, body.application_id, clock())
    if not created:
        response.status_code = status.HTTP_200_OK
    return hire

"""A council's offers (against its vacancies) and its hire reports."""

from typing import Annotated

from fastapi import Query, Response, status

from matching.api.deps import CouncilDep, UnitOfWorkDep
from matching.api.schemas.councils import CouncilOffer, Hire, HireReport
from matching.domain.offers import OfferStatus
from matching.use_cases import offers
from returners_platform.service.deps import council_router
from returners_platform.service.problems import responses

router = council_router("/councils/{council_id}", tags=["offers"])


@router.get("/offers")
async def list_offers(
    council_id: CouncilDep,
    uow: UnitOfWorkDep,
    offer_status: Annotated[OfferStatus | None, Query(alias="status")] = None,
) -> list[CouncilOffer]:
    found = await offers.council_offers(uow, council_id, offer_status)
    return [CouncilOffer.model_validate(offer, from_attributes=True) for offer in found]


@router.post(
    "/hires",
    status_code=status.HTTP_201_CREATED,
    responses=responses(
        {
            200: "This hire was already reported; nothing new",
            409: "The application has no accepted offer from this council",
        },
    ),
    summary="Report hiring a returner who accepted this council's offer (returner.hired)",
)
async def report_hire(
    body: HireReport,
    response: Response,
    council_id: CouncilDep,
    uow: UnitOfWorkDep,
) -> Hire:
    hire, created = await offers.report_hire(uow, council_id, body.application_id)
    if not created:
        response.status_code = status.HTTP_200_OK
    return Hire.model_validate(hire, from_attributes=True)

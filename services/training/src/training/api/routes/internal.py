"""Internal endpoint for the applications service (the internal token): the applicant's
updating record (PDF), a document the portal shows through applications. Placement facts and
the returner's re-registration travel by Kafka (training's events; ``reregistration.reported``)."""

from uuid import UUID

from fastapi import Response

from returners_platform.service.deps import internal_router
from returners_platform.service.problems import responses
from training.api.deps import UnitOfWorkDep
from training.api.routes.placements import PDF
from training.use_cases import records

router = internal_router()


@router.get(
    "/placements/{application_id}/updating-record",
    response_class=Response,
    responses=responses({404: "No placement, or not started"}, PDF),
    summary="The applicant's updating record (application/pdf)",
)
async def updating_record(application_id: UUID, uow: UnitOfWorkDep) -> Response:
    return Response(await records.for_applicant(uow, application_id), media_type="application/pdf")

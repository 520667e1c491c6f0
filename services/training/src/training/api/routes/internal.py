"""Internal endpoints for the applications service (the internal token): the applicant's
placement for their status, their updating record (PDF), and the restoration they report."""

from uuid import UUID

from fastapi import Response

from returners_platform.contracts.vocabulary import ReregistrationReportedBy
from returners_platform.service.deps import internal_router
from returners_platform.service.problems import responses
from training.api.deps import UnitOfWorkDep
from training.api.routes.placements import PDF
from training.api.schemas import PlacementStatusView, ReregistrationBody
from training.use_cases import placements, records, reregistration

router = internal_router()


@router.get(
    "/placements/{application_id}",
    responses=responses({404: "No placement for the application"}),
    summary="The applicant's placement: status, conditions, hours against the requirement",
)
async def placement_status(application_id: UUID, uow: UnitOfWorkDep) -> PlacementStatusView:
    return PlacementStatusView.of(await placements.for_application(uow, application_id))


@router.get(
    "/placements/{application_id}/updating-record",
    response_class=Response,
    responses=responses({404: "No placement, or not started"}, PDF),
    summary="The applicant's updating record (application/pdf)",
)
async def updating_record(application_id: UUID, uow: UnitOfWorkDep) -> Response:
    return Response(await records.for_applicant(uow, application_id), media_type="application/pdf")


@router.post(
    "/placements/{application_id}/reregistration",
    responses=responses(
        {404: "No placement for the application", 409: "The placement is not completed"}
    ),
    summary="The returner reported their restoration application and the regulator's decision",
)
async def report_reregistration(
    application_id: UUID, body: ReregistrationBody, uow: UnitOfWorkDep
) -> PlacementStatusView:
    await reregistration.record(
        uow,
        application_id,
        applied_on=body.applied_on,
        decision=body.decision,
        decided_on=body.decided_on,
        reported_by=ReregistrationReportedBy.RETURNER,
    )
    return PlacementStatusView.of(await placements.for_application(uow, application_id))

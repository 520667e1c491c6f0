"""Operations staff: training providers' keys, hours on any placement, the regulator's
decision on a returner's restoration."""

from uuid import UUID

from fastapi import status

from returners_platform.contracts.vocabulary import HoursLoggedBy, ReregistrationReportedBy
from returners_platform.service.deps import operations_router
from returners_platform.service.problems import responses
from training.api.deps import UnitOfWorkDep
from training.api.schemas import (
    EntryView,
    HoursBody,
    IssuedProvider,
    PlacementStatusView,
    ProviderRequest,
    ReregistrationBody,
)
from training.use_cases import hours, placements, providers, reregistration
from training.use_cases.hours import NewEntry

router = operations_router("/admin", tags=["operations"])


@router.post(
    "/providers",
    status_code=status.HTTP_201_CREATED,
    summary="Issue a training provider's key for one programme (shown once)",
)
async def issue_provider(body: ProviderRequest, uow: UnitOfWorkDep) -> IssuedProvider:
    issued = await providers.issue(uow, body.name, body.programme_id)
    return IssuedProvider.model_validate(issued, from_attributes=True)


@router.post(
    "/placements/{application_id}/hours",
    status_code=status.HTTP_201_CREATED,
    responses=responses(
        {
            404: "No placement for the application",
            409: "Not started, completed or withdrawn; or the entry was corrected already",
            422: "A field refused",
        }
    ),
    summary="Log (or correct) hours of any kind on a placement",
)
async def log_hours(application_id: UUID, body: HoursBody, uow: UnitOfWorkDep) -> EntryView:
    entry = await hours.log_for_programme(
        uow,
        None,
        application_id,
        NewEntry(body.on, body.hours, body.kind, body.supersedes, body.note),
        HoursLoggedBy.OPERATIONS,
    )
    return EntryView.of(entry)


@router.post(
    "/placements/{application_id}/reregistration",
    responses=responses(
        {404: "No placement for the application", 409: "The placement is not completed"}
    ),
    summary="Record the restoration application and the regulator's decision",
)
async def record_reregistration(
    application_id: UUID, body: ReregistrationBody, uow: UnitOfWorkDep
) -> PlacementStatusView:
    await reregistration.record(
        uow,
        application_id,
        applied_on=body.applied_on,
        decision=body.decision,
        decided_on=body.decided_on,
        reported_by=ReregistrationReportedBy.OPERATIONS,
    )
    return PlacementStatusView.of(await placements.for_application(uow, application_id))

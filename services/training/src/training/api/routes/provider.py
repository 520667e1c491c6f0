"""The training provider (its key, one programme): workshop and interview-preparation hours
on its programme's placements."""

from uuid import UUID

from fastapi import APIRouter, status

from returners_platform.contracts.vocabulary import HoursLoggedBy
from returners_platform.service.problems import responses
from training.api.deps import ProviderDep, UnitOfWorkDep
from training.api.schemas import EntryView, HoursBody
from training.use_cases import hours
from training.use_cases.hours import NewEntry

router = APIRouter(
    prefix="/provider",
    tags=["training provider"],
    responses=responses(
        {401: "A training provider's key required", 404: "No such placement in its programme"}
    ),
)


@router.post(
    "/placements/{application_id}/hours",
    status_code=status.HTTP_201_CREATED,
    responses=responses(
        {
            409: "Not started, completed or withdrawn; or the entry was corrected already",
            422: "A field refused (a kind the provider does not log, a day outside...)",
        }
    ),
    summary="Log (or correct) workshop or interview-preparation hours",
)
async def log_provider_hours(
    application_id: UUID, body: HoursBody, provider: ProviderDep, uow: UnitOfWorkDep
) -> EntryView:
    entry = await hours.log_for_programme(
        uow,
        provider.programme_id,
        application_id,
        NewEntry(body.on, body.hours, body.kind, body.supersedes, body.note),
        HoursLoggedBy.PROVIDER,
    )
    return EntryView.of(entry)

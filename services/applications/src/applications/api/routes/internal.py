"""Internal endpoints for other services (internal token), e.g. contact lookup at send time."""

from uuid import UUID

from applications.api.deps import UnitOfWorkDep
from applications.api.schemas import ContactDetails
from applications.use_cases import personal_data
from returners_platform.service.deps import internal_router
from returners_platform.service.problems import responses

router = internal_router()


@router.get(
    "/applications/{application_id}/contact",
    responses=responses({404: "Unknown or erased"}),
)
async def contact(application_id: UUID, uow: UnitOfWorkDep) -> ContactDetails:
    found = await personal_data.contact(uow, application_id)
    return ContactDetails(
        given_name=found.given_name, family_name=found.family_name, email=found.email
    )

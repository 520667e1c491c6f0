"""Internal endpoints for other services (internal token), e.g. contact lookup at send time."""

from uuid import UUID

from applications.api.deps import UnitOfWorkDep
from applications.api.schemas import ContactDetails, IssuedLinkView, IssuedReferenceLinkView
from applications.use_cases import personal_data, references, sign_in
from returners_platform.service.deps import internal_router
from returners_platform.service.problems import responses

router = internal_router()


@router.get(
    "/applications/{application_id}/contact",
    responses=responses({404: "Unknown or erased"}),
)
async def contact(application_id: UUID, uow: UnitOfWorkDep) -> ContactDetails:
    found = await personal_data.contact(uow, application_id)
    return ContactDetails.model_validate(found, from_attributes=True)


@router.post(
    "/sign-in-links/{sign_in_request_id}/issue",
    responses=responses({404: "Nothing to send: nobody's address, expired, used or erased"}),
    summary="At send time: where to send a sign-in link, and a fresh token for it",
)
async def issue_sign_in_link(sign_in_request_id: UUID, uow: UnitOfWorkDep) -> IssuedLinkView:
    issued = await sign_in.issue_link(uow, sign_in_request_id)
    return IssuedLinkView.model_validate(issued, from_attributes=True)


@router.post(
    "/references/{reference_id}/issue",
    responses=responses({404: "Nothing to send: unknown, answered, expired or erased"}),
    summary="At send time: where to send a referee's one-time link, and a fresh token for it",
)
async def issue_reference_link(reference_id: UUID, uow: UnitOfWorkDep) -> IssuedReferenceLinkView:
    issued = await references.issue_link(uow, reference_id)
    return IssuedReferenceLinkView.model_validate(issued, from_attributes=True)

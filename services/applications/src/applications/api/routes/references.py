"""References: the applicant gives their two referees (once an offer is accepted); a referee
opens their one-time link and answers through it (no other credential: the link is one)."""

from uuid import UUID

from fastapi import APIRouter

from applications.api.deps import ApplicantToken, SettingsDep, UnitOfWorkDep
from applications.api.routes.applications import AUTH_RESPONSES
from applications.api.schemas import (
    ApplicationView,
    Referees,
    ReferenceAnswer,
    ReferenceLink,
    ReferenceReceivedView,
    ReferenceRequestView,
)
from applications.use_cases import references
from returners_platform.service.problems import responses

router = APIRouter(tags=["references"])

LINK_RESPONSES = responses(
    {404: "The link is unknown, expired, already used, or not this reference's"}
)


@router.post(
    "/applications/{application_id}/referees",
    responses=responses(
        {409: "No accepted offer, or the referees were already given"}, AUTH_RESPONSES
    ),
    summary="Give the two referees (once an offer is accepted); each is emailed a link",
)
async def give_referees(
    application_id: UUID,
    body: Referees,
    uow: UnitOfWorkDep,
    token: ApplicantToken,
    settings: SettingsDep,
) -> ApplicationView:
    view = await references.give_referees(uow, application_id, token, body, settings.reference_link)
    return ApplicationView.of(view)


@router.post(
    "/references/{reference_id}/open",
    responses=LINK_RESPONSES,
    summary="What a referee's one-time link asks for (opening it does not spend it)",
)
async def open_reference(
    reference_id: UUID, body: ReferenceLink, uow: UnitOfWorkDep
) -> ReferenceRequestView:
    opened = await references.open_reference(uow, reference_id, body.token)
    return ReferenceRequestView.model_validate(opened, from_attributes=True)


@router.post(
    "/references/{reference_id}/answer",
    responses=LINK_RESPONSES,
    summary="The referee's answer through their link, once: it spends the link",
)
async def answer_reference(
    reference_id: UUID, body: ReferenceAnswer, uow: UnitOfWorkDep
) -> ReferenceReceivedView:
    answered = await references.answer(uow, reference_id, body)
    assert answered.received_at is not None
    return ReferenceReceivedView(reference_id=reference_id, received_at=answered.received_at)

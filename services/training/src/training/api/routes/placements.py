"""A council's placements (its key): list and read them, record conditions, the start, hours,
the mentor, the end and sign-off, a withdrawal; its returners' updating records (PDF)."""

from typing import Annotated
from uuid import UUID

from fastapi import Body, Response, status

from returners_platform.contracts.vocabulary import PlacementCondition
from returners_platform.messaging.unit_of_work import UnitOfWork
from returners_platform.service.deps import council_router
from returners_platform.service.problems import Responses, responses
from training.api.deps import CouncilDep, UnitOfWorkDep
from training.api.schemas import (
    ConditionBody,
    EndBody,
    EntryView,
    HoursBody,
    MentorBody,
    PlacementView,
    StartBody,
    WithdrawBody,
)
from training.store.placements import Placement
from training.use_cases import conditions, hours, placements, records
from training.use_cases.hours import NewEntry

router = council_router("/councils/{council_id}/placements", tags=["placements"])

PDF: Responses = {
    200: {
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        "description": "The updating record",
    }
}


@router.get("", summary="The council's placements, oldest first")
async def list_placements(council_id: CouncilDep, uow: UnitOfWorkDep) -> list[PlacementView]:
    return [PlacementView.of(p) for p in await placements.list_for_council(uow, council_id)]


@router.get("/{application_id}", summary="One placement: conditions, hours, status")
async def read_placement(
    council_id: CouncilDep, application_id: UUID, uow: UnitOfWorkDep
) -> PlacementView:
    return await _answer(uow, await placements.of_council(uow, council_id, application_id))


@router.put(
    "/{application_id}/conditions/{condition}",
    responses=responses({409: "The conditions are decided already (offer withdrawn, or all met)"}),
    summary="Record a condition: met, not met (with a reason: the offer is withdrawn) or pending",
)
async def record_condition(
    council_id: CouncilDep,
    application_id: UUID,
    condition: PlacementCondition,
    body: ConditionBody,
    uow: UnitOfWorkDep,
) -> PlacementView:
    placement = await conditions.record_by_council(
        uow, council_id, application_id, condition, body.status, body.reason
    )
    return await _answer(uow, placement)


@router.post(
    "/{application_id}/start",
    responses=responses({409: "Its conditions are not all met, or it is closed"}),
    summary="Record the placement's start (placement.started)",
)
async def start_placement(
    council_id: CouncilDep, application_id: UUID, body: StartBody, uow: UnitOfWorkDep
) -> PlacementView:
    placement = await placements.start(uow, council_id, application_id, body.starts_on)
    return await _answer(uow, placement)


@router.post(
    "/{application_id}/hours",
    status_code=status.HTTP_201_CREATED,
    responses=responses(
        {
            409: "Not started, completed or withdrawn; or the entry was corrected already",
            422: "A field refused (a day in the future or outside the placement...)",
        }
    ),
    summary="Log hours, or correct an entry (supersedes: a new entry in its place)",
)
async def log_hours(
    council_id: CouncilDep, application_id: UUID, body: HoursBody, uow: UnitOfWorkDep
) -> EntryView:
    entry = await hours.log_for_council(
        uow,
        council_id,
        application_id,
        NewEntry(body.on, body.hours, body.kind, body.supersedes, body.note),
    )
    return EntryView.of(entry)


@router.get("/{application_id}/hours", summary="Every entry, corrections and corrected alike")
async def list_hours(
    council_id: CouncilDep, application_id: UUID, uow: UnitOfWorkDep
) -> list[EntryView]:
    placement = await placements.of_council(uow, council_id, application_id)
    found = await placements.view(uow, placement)
    return [EntryView.of(e) for e in found.entries]


@router.put(
    "/{application_id}/mentor",
    responses=responses({409: "The placement is closed"}),
    summary="Assign the returner's mentor",
)
async def assign_mentor(
    council_id: CouncilDep, application_id: UUID, body: MentorBody, uow: UnitOfWorkDep
) -> PlacementView:
    placement = await placements.assign_mentor(uow, council_id, application_id, body.name)
    return await _answer(uow, placement)


@router.post(
    "/{application_id}/end",
    responses=responses({409: "Not started, or ended already"}),
    summary="Record the end and sign the updating record off (completes it if the hours are met)"
    "; the body is optional (ended today, signed off by the council)",
)
async def end_placement(
    council_id: CouncilDep,
    application_id: UUID,
    uow: UnitOfWorkDep,
    body: Annotated[EndBody | None, Body()] = None,
) -> PlacementView:
    body = body or EndBody()
    placement = await placements.end(
        uow, council_id, application_id, body.ended_on, body.signed_off_by
    )
    return await _answer(uow, placement)


@router.post(
    "/{application_id}/withdraw",
    responses=responses({409: "The placement is closed already"}),
    summary="The returner left the placement (placement.withdrawn, with the reason)",
)
async def withdraw_placement(
    council_id: CouncilDep, application_id: UUID, body: WithdrawBody, uow: UnitOfWorkDep
) -> PlacementView:
    placement = await placements.withdraw_by_council(uow, council_id, application_id, body.reason)
    return await _answer(uow, placement)


@router.get(
    "/{application_id}/updating-record",
    response_class=Response,
    responses=PDF,
    summary="The returner's updating record (application/pdf), once the placement started",
)
async def updating_record(
    council_id: CouncilDep, application_id: UUID, uow: UnitOfWorkDep
) -> Response:
    pdf = await records.for_council(uow, council_id, application_id)
    return Response(pdf, media_type="application/pdf")


async def _answer(uow: UnitOfWork, placement: Placement) -> PlacementView:
    """What every route that reads or changes one placement answers: the placement as it is
    now (its conditions, entries and totals)."""
    return PlacementView.of(await placements.view(uow, placement))

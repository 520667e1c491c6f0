"""Operations staff: panel members' keys, interview slots, closing selection early."""

from fastapi import status

from returners_platform.contracts.vocabulary import ProgrammeId
from returners_platform.service.deps import operations_router
from returners_platform.service.problems import responses
from selection.api.deps import UnitOfWorkDep
from selection.api.schemas import (
    AssessorRequest,
    IssuedAssessor,
    NewSlot,
    ResultView,
    SlotView,
)
from selection.use_cases import panel, results, slots

router = operations_router(
    "/admin",
    tags=["operations"],
    also=responses(
        {
            404: "No programme with selection of that id",
            409: "The programme's results are out: selection is closed",
        }
    ),
)


@router.post(
    "/assessors",
    status_code=status.HTTP_201_CREATED,
    summary="Issue a panel member's key for one programme (shown once)",
)
async def issue_assessor(body: AssessorRequest, uow: UnitOfWorkDep) -> IssuedAssessor:
    issued = await panel.issue_assessor(uow, body.name, body.programme_id)
    return IssuedAssessor.model_validate(issued, from_attributes=True)


@router.post(
    "/programmes/{programme_id}/interview-slots",
    status_code=status.HTTP_201_CREATED,
    summary="Publish an interview slot",
)
async def publish_slot(programme_id: ProgrammeId, body: NewSlot, uow: UnitOfWorkDep) -> SlotView:
    slot = await slots.publish_slot(uow, programme_id, body.starts_at, body.capacity)
    return SlotView.model_validate(slot, from_attributes=True)


@router.post(
    "/programmes/{programme_id}/selection/close",
    summary="Decide the results now instead of on results_on (selection.decided for each)",
)
async def close_selection(programme_id: ProgrammeId, uow: UnitOfWorkDep) -> list[ResultView]:
    decided = await results.close_selection(uow, programme_id)
    return [ResultView.model_validate(r, from_attributes=True) for r in decided]

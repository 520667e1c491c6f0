"""A programme's interview slots and what is free in them (public: no personal data)."""

from fastapi import APIRouter

from returners_platform.contracts.vocabulary import ProgrammeId
from returners_platform.service.problems import responses
from selection.api.deps import UnitOfWorkDep
from selection.api.schemas import SlotView
from selection.use_cases import slots

router = APIRouter(tags=["interviews"])


@router.get(
    "/programmes/{programme_id}/interview-slots",
    responses=responses({404: "No programme with selection of that id"}),
)
async def programme_slots(programme_id: ProgrammeId, uow: UnitOfWorkDep) -> list[SlotView]:
    found = await slots.programme_slots(uow, programme_id)
    return [SlotView.model_validate(s, from_attributes=True) for s in found]

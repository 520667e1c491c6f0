"""Programmes: published by operations staff, readable by anyone."""

from fastapi import APIRouter, Response, status

from matching.api.deps import OperationsOnly, UnitOfWorkDep
from matching.api.schemas.programmes import CandidateCountsView
from matching.domain.programme_definition import ProgrammeDefinition
from matching.use_cases import programmes
from returners_platform.contracts.events import ProgrammePublishedV2

router = APIRouter(tags=["programmes"])


@router.post(
    "/admin/programmes",
    status_code=status.HTTP_201_CREATED,
    response_model=ProgrammePublishedV2,
    dependencies=[OperationsOnly],
    responses={
        200: {"description": "The same definition was already published; nothing new"},
        401: {"description": "Operations token required"},
        409: {"description": "The id is published with another definition"},
    },
    summary="Publish a programme (announced as programme.published)",
)
async def publish(
    definition: ProgrammeDefinition, response: Response, uow: UnitOfWorkDep
) -> ProgrammePublishedV2:
    programme, created = await programmes.publish_programme(uow, definition)
    if not created:
        response.status_code = status.HTTP_200_OK
    return programme


@router.get("/programmes", response_model=list[ProgrammePublishedV2])
async def list_programmes(uow: UnitOfWorkDep) -> list[ProgrammePublishedV2]:
    return await programmes.all_programmes(uow)


@router.get(
    "/programmes/{programme_id}",
    response_model=ProgrammePublishedV2,
    responses={404: {"description": "No such programme"}},
)
async def read_programme(programme_id: str, uow: UnitOfWorkDep) -> ProgrammePublishedV2:
    return await programmes.programme(uow, programme_id)


@router.get(
    "/admin/programmes/{programme_id}/candidates",
    response_model=CandidateCountsView,
    dependencies=[OperationsOnly],
    responses={
        401: {"description": "Operations token required"},
        404: {"description": "No such programme"},
    },
    summary="How many of the programme's applicants matching has heard of, in each state",
)
async def read_candidates(programme_id: str, uow: UnitOfWorkDep) -> CandidateCountsView:
    counts = await programmes.candidates(uow, programme_id)
    return CandidateCountsView.model_validate(counts, from_attributes=True)

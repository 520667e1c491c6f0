"""Programmes: published by operations staff, readable by anyone."""

from fastapi import APIRouter, Response, status

from matching.api.deps import OperationsOnly, UnitOfWorkDep
from matching.api.schemas.programmes import CandidateCountsView
from matching.domain.programme_definition import ProgrammeDefinition
from matching.use_cases import programmes
from returners_platform.contracts.events import PublishedProgramme
from returners_platform.service.deps import OPERATIONS_ONLY_RESPONSES
from returners_platform.service.problems import responses

router = APIRouter(tags=["programmes"])


@router.post(
    "/admin/programmes",
    status_code=status.HTTP_201_CREATED,
    dependencies=[OperationsOnly],
    responses=responses(
        {
            200: "The same definition was already published; nothing new",
            409: "The id is published with another definition",
        },
        OPERATIONS_ONLY_RESPONSES,
    ),
    summary="Publish a programme (announced as programme.published)",
)
async def publish(
    definition: ProgrammeDefinition, response: Response, uow: UnitOfWorkDep
) -> PublishedProgramme:
    programme, created = await programmes.publish_programme(uow, definition)
    if not created:
        response.status_code = status.HTTP_200_OK
    return programme


@router.get("/programmes")
async def list_programmes(uow: UnitOfWorkDep) -> list[PublishedProgramme]:
    return await programmes.all_programmes(uow)


@router.get(
    "/programmes/{programme_id}",
    responses=responses({404: "No such programme"}),
)
async def read_programme(programme_id: str, uow: UnitOfWorkDep) -> PublishedProgramme:
    return await programmes.programme(uow, programme_id)


@router.get(
    "/admin/programmes/{programme_id}/candidates",
    dependencies=[OperationsOnly],
    responses=responses({404: "No such programme"}, OPERATIONS_ONLY_RESPONSES),
    summary="How many of the programme's applicants matching has heard of, in each state",
)
async def read_candidates(programme_id: str, uow: UnitOfWorkDep) -> CandidateCountsView:
    counts = await programmes.candidates(uow, programme_id)
    return CandidateCountsView.model_validate(counts, from_attributes=True)

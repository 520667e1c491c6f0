"""Programmes as the applicant portal shows them: what the programme is, its window and its
rules (public: a copy of the programme as matching last published it)."""

from fastapi import APIRouter

from applications.api.schemas import ProgrammeView
from applications.store import programmes
from returners_platform.errors import NotFound
from returners_platform.service.deps import RuntimeDep

router = APIRouter(prefix="/programmes", tags=["programmes"])


@router.get(
    "/{programme_id}",
    response_model=ProgrammeView,
    responses={404: {"description": "No programme published under this id"}},
    summary="A published programme: its window and the rules of eligibility",
)
async def read(programme_id: str, runtime: RuntimeDep) -> ProgrammeView:
    async with runtime.pool.acquire() as connection:  # a read: no transaction
        found = await programmes.published(connection, programme_id)
    if found is None:
        raise NotFound(f"no programme {programme_id!r}")
    return ProgrammeView.of(found.definition)

"""A council's vacancies: post, list, read, change, close (with that council's key)."""

from uuid import UUID

from fastapi import status

from matching.api.deps import CouncilDep, UnitOfWorkDep
from matching.api.schemas.councils import NewVacancy, VacancyChange, VacancyView
from matching.use_cases import vacancies
from returners_platform.service.deps import council_router
from returners_platform.service.problems import responses

router = council_router("/councils/{council_id}/vacancies", tags=["vacancies"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=responses({422: "Invalid, or not offered by the programme"}),
    summary="Post a vacancy (vacancy.published, revision 1); matching re-runs",
)
async def post(body: NewVacancy, council_id: CouncilDep, uow: UnitOfWorkDep) -> VacancyView:
    terms = vacancies.VacancyTerms(
        programme_id=body.programme_id,
        region=body.region.value,
        specialism=body.specialism,
        slots=body.slots,
        starts_on=body.starts_on,
    )
    return VacancyView.of(await vacancies.post_vacancy(uow, council_id, terms))


@router.get("")
async def list_vacancies(council_id: CouncilDep, uow: UnitOfWorkDep) -> list[VacancyView]:
    return [VacancyView.of(v) for v in await vacancies.council_vacancies(uow, council_id)]


@router.get("/{vacancy_id}")
async def read(vacancy_id: UUID, council_id: CouncilDep, uow: UnitOfWorkDep) -> VacancyView:
    return VacancyView.of(await vacancies.vacancy(uow, council_id, vacancy_id))


@router.patch(
    "/{vacancy_id}",
    responses=responses({409: "Closed, or below the slots taken"}),
    summary="Change slots or start date (vacancy.published with the next revision)",
)
async def change(
    vacancy_id: UUID,
    body: VacancyChange,
    council_id: CouncilDep,
    uow: UnitOfWorkDep,
) -> VacancyView:
    changed = await vacancies.change_vacancy(
        uow, council_id, vacancy_id, slots=body.slots, starts_on=body.starts_on
    )
    return VacancyView.of(changed)


@router.post(
    "/{vacancy_id}/close",
    summary="Close the vacancy (vacancy.closed); offers already made stand",
)
async def close(vacancy_id: UUID, council_id: CouncilDep, uow: UnitOfWorkDep) -> VacancyView:
    return VacancyView.of(await vacancies.close_vacancy(uow, council_id, vacancy_id))

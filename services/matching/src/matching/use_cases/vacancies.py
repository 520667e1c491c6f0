"""Councils post, change and close vacancies; each change re-runs matching if it frees slots.

A change never takes back an offer: slots cannot go below the slots live offers hold
(409), closing stops new offers while the offers already made run their course, and a new
start date applies to offers made from then on (an offer keeps the terms it was made with).
"""

import uuid
from dataclasses import asdict, dataclass
from datetime import date
from uuid import UUID

from matching.store import programmes, vacancies
from matching.store.vacancies import Vacancy
from matching.use_cases import placement
from returners_platform.contracts.events import (
    ProgrammePublishedV3,
    PublishedProgramme,
    VacancyClosed,
    VacancyPublished,
    VacancyPublishedV2,
    as_v3,
)
from returners_platform.errors import Refused, found
from returners_platform.messaging.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class VacancyTerms:
    """What a council posts (a new vacancy is these, its ids and when it was posted)."""

    programme_id: str
    region: str
    specialism: str
    slots: int
    starts_on: date


async def post_vacancy(uow: UnitOfWork, council_id: UUID, terms: VacancyTerms) -> Vacancy:
    programme = await programmes.get(uow, terms.programme_id)
    if programme is None:
        raise Refused("unknown_programme", "no such programme", "programme_id")
    if terms.region not in programme.regions:
        raise Refused("region_not_offered", "the programme does not run in this region", "region")
    if terms.specialism not in as_v3(programme).job_family_codes:
        raise Refused("specialism_not_offered", "not a job family of the programme", "specialism")
    _check_start(terms.starts_on, programme)
    await programmes.lock_for_matching(uow, programme.programme_id)
    vacancy_id, now = uuid.uuid4(), uow.now()
    await vacancies.insert(
        uow,
        vacancies.NewVacancy(vacancy_id=vacancy_id, council_id=council_id, at=now, **asdict(terms)),
    )
    await uow.publish(_published(await vacancy(uow, council_id, vacancy_id), programme))
    await placement.rematch(uow, programme, now=now, trigger="vacancy")
    return await vacancy(uow, council_id, vacancy_id)


async def change_vacancy(
    uow: UnitOfWork,
    council_id: UUID,
    vacancy_id: UUID,
    *,
    slots: int | None,
    starts_on: date | None,
) -> Vacancy:
    """Change the slots or the start date (``vacancy.published``, the next revision)."""
    programme = await _locked_programme_of(uow, council_id, vacancy_id)
    current = await vacancy(uow, council_id, vacancy_id)
    if current.closed_at is not None:
        raise Refused("vacancy_closed", "a closed vacancy cannot change")
    slots = slots if slots is not None else current.slots
    starts_on = starts_on if starts_on is not None else current.starts_on
    if slots < current.slots_taken:
        raise Refused(
            "slots_taken",
            f"{current.slots_taken} slots are held by offers made; slots cannot go below that",
        )
    _check_start(starts_on, programme)
    if (slots, starts_on) == (current.slots, current.starts_on):
        return current
    now = uow.now()
    await vacancies.change(uow, vacancy_id, slots, starts_on, now)
    await uow.publish(_published(await vacancy(uow, council_id, vacancy_id), programme))
    if slots > current.slots:
        await placement.rematch(uow, programme, now=now, trigger="vacancy")
    return await vacancy(uow, council_id, vacancy_id)


async def close_vacancy(uow: UnitOfWork, council_id: UUID, vacancy_id: UUID) -> Vacancy:
    """Close the vacancy (publishing ``vacancy.closed`` once; closing again changes nothing)."""
    await _locked_programme_of(uow, council_id, vacancy_id)
    current = await vacancy(uow, council_id, vacancy_id)
    if current.closed_at is None:
        now = uow.now()
        await vacancies.close(uow, vacancy_id, now)
        await uow.publish(
            VacancyClosed(
                vacancy_id=vacancy_id,
                council_id=council_id,
                programme_id=current.programme_id,
                closed_at=now,
            )
        )
    return await vacancy(uow, council_id, vacancy_id)


async def council_vacancies(uow: UnitOfWork, council_id: UUID) -> list[Vacancy]:
    return await vacancies.all_of_council(uow, council_id)


async def vacancy(uow: UnitOfWork, council_id: UUID, vacancy_id: UUID) -> Vacancy:
    return found(
        await vacancies.of_council(uow, council_id, vacancy_id), "no such vacancy of this council"
    )


async def _locked_programme_of(
    uow: UnitOfWork, council_id: UUID, vacancy_id: UUID
) -> PublishedProgramme:
    """The vacancy's programme, with its matching lock taken before anything else is read
    (with the programme, in one round trip)."""
    programme_id = (await vacancy(uow, council_id, vacancy_id)).programme_id
    programme = await programmes.get_locked_for_matching(uow, programme_id)
    assert programme is not None
    return programme


def _check_start(starts_on: date, programme: PublishedProgramme) -> None:
    if starts_on < programme.starts_on:
        raise Refused(
            "starts_before_programme",
            f"the programme starts on {programme.starts_on.isoformat()}",
            "starts_on",
        )


def _published(
    vacancy: Vacancy, programme: PublishedProgramme
) -> VacancyPublished | VacancyPublishedV2:
    """The event says what the vacancy is now: every one of its fields is the vacancy's. In
    the version of its programme's: v2 (``job_family``) in one published as v3, v1 (social
    work's ``specialism``) in one published as v2."""
    if isinstance(programme, ProgrammePublishedV3):
        return VacancyPublishedV2.of(vacancy, job_family=vacancy.specialism)
    return VacancyPublished.of(vacancy)

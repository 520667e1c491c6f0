"""Councils post, change and close vacancies; each change re-runs matching if it frees slots.

A change never takes back an offer: slots cannot go below the slots live offers hold
(409), closing stops new offers while the offers already made run their course, and a new
start date applies to offers made from then on (an offer keeps the terms it was made with).
"""

import uuid
from datetime import datetime
from typing import Any
from uuid import UUID

from matching import placement
from matching.api.schemas.councils import NewVacancy, VacancyChange
from matching.store import programmes, vacancies
from returners_platform.contracts.events import ProgrammePublished, VacancyClosed, VacancyPublished
from returners_platform.errors import NotFound, Refused
from returners_platform.messaging.unit_of_work import UnitOfWork


async def post_vacancy(uow: UnitOfWork, council_id: UUID, body: NewVacancy, now: datetime) -> Any:
    programme = await programmes.get(uow.conn, body.programme_id)
    if programme is None:
        raise Refused("unknown_programme", "no such programme", "programme_id")
    if body.region not in programme.regions:
        raise Refused("region_not_offered", "the programme does not run in this region", "region")
    if body.specialism not in programme.specialisms:
        raise Refused("specialism_not_offered", "not a specialism of the programme", "specialism")
    _check_start(body.starts_on, programme)
    await programmes.lock_for_matching(uow.conn, programme.programme_id)
    vacancy_id = uuid.uuid4()
    await vacancies.insert(
        uow.conn,
        vacancies.NewVacancy(
            vacancy_id=vacancy_id,
            council_id=council_id,
            programme_id=programme.programme_id,
            region=body.region.value,
            specialism=body.specialism.value,
            slots=body.slots,
            starts_on=body.starts_on,
            at=now,
        ),
    )
    row = await _vacancy(uow, council_id, vacancy_id)
    await uow.publish(_published(row))
    await placement.rematch(uow, programme, now=now, trigger="vacancy")
    return await _vacancy(uow, council_id, vacancy_id)


async def change_vacancy(
    uow: UnitOfWork, council_id: UUID, vacancy_id: UUID, change: VacancyChange, now: datetime
) -> Any:
    programme = await _locked_programme_of(uow, council_id, vacancy_id)
    row = await _vacancy(uow, council_id, vacancy_id)
    if row["closed_at"] is not None:
        raise Refused("vacancy_closed", "a closed vacancy cannot change")
    slots = change.slots if change.slots is not None else row["slots"]
    starts_on = change.starts_on if change.starts_on is not None else row["starts_on"]
    if slots < row["slots_taken"]:
        raise Refused(
            "slots_taken",
            f"{row['slots_taken']} slots are held by offers made; slots cannot go below that",
        )
    _check_start(starts_on, programme)
    if (slots, starts_on) == (row["slots"], row["starts_on"]):
        return row
    await vacancies.change(uow.conn, vacancy_id, slots, starts_on, now)
    await uow.publish(_published(await _vacancy(uow, council_id, vacancy_id)))
    if slots > row["slots"]:
        await placement.rematch(uow, programme, now=now, trigger="vacancy")
    return await _vacancy(uow, council_id, vacancy_id)


async def close_vacancy(uow: UnitOfWork, council_id: UUID, vacancy_id: UUID, now: datetime) -> Any:
    """Close the vacancy (publishing ``vacancy.closed`` once; closing again changes nothing)."""
    await _locked_programme_of(uow, council_id, vacancy_id)
    row = await _vacancy(uow, council_id, vacancy_id)
    if row["closed_at"] is None:
        await vacancies.close(uow.conn, vacancy_id, now)
        await uow.publish(
            VacancyClosed(
                vacancy_id=vacancy_id,
                council_id=council_id,
                programme_id=row["programme_id"],
                closed_at=now,
            )
        )
    return await _vacancy(uow, council_id, vacancy_id)


async def council_vacancies(uow: UnitOfWork, council_id: UUID) -> list[Any]:
    return await vacancies.all_of_council(uow.conn, council_id)


async def vacancy(uow: UnitOfWork, council_id: UUID, vacancy_id: UUID) -> Any:
    return await _vacancy(uow, council_id, vacancy_id)


async def _vacancy(uow: UnitOfWork, council_id: UUID, vacancy_id: UUID) -> Any:
    row = await vacancies.of_council(uow.conn, council_id, vacancy_id)
    if row is None:
        raise NotFound("no such vacancy of this council")
    return row


async def _locked_programme_of(
    uow: UnitOfWork, council_id: UUID, vacancy_id: UUID
) -> ProgrammePublished:
    """The vacancy's programme, with its matching lock taken before anything is read."""
    row = await _vacancy(uow, council_id, vacancy_id)
    await programmes.lock_for_matching(uow.conn, row["programme_id"])
    programme = await programmes.get(uow.conn, row["programme_id"])
    assert programme is not None
    return programme


def _check_start(starts_on: Any, programme: ProgrammePublished) -> None:
    if starts_on < programme.starts_on:
        raise Refused(
            "starts_before_programme",
            f"the programme starts on {programme.starts_on.isoformat()}",
            "starts_on",
        )


def _published(row: Any) -> VacancyPublished:
    return VacancyPublished(
        vacancy_id=row["vacancy_id"],
        council_id=row["council_id"],
        programme_id=row["programme_id"],
        region=row["region"],
        specialism=row["specialism"],
        slots=row["slots"],
        starts_on=row["starts_on"],
        revision=row["revision"],
        published_at=row["published_at"],
    )

"""Vacancies councils post, and how many of their slots live offers take up."""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from matching.domain.offers import HOLDS_A_PLACE
from matching.store.offers import statuses
from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import many, one, run, stamp_once

# A vacancy row with the slots its offers that hold a place take up ($1).
_SELECT = """
    SELECT v.vacancy_id, v.council_id, v.programme_id, v.region, v.specialism, v.slots,
           v.starts_on, v.revision, v.published_at, v.closed_at,
           (SELECT count(*) FROM offers o WHERE o.vacancy_id = v.vacancy_id
              AND o.status = ANY($1::text[]))::int AS slots_taken
    FROM vacancies v
"""


@dataclass(frozen=True)
class NewVacancy:
    vacancy_id: UUID
    council_id: UUID
    programme_id: str
    region: str
    specialism: str
    slots: int
    starts_on: date
    at: datetime


@dataclass(frozen=True)
class Vacancy:
    vacancy_id: UUID
    council_id: UUID
    programme_id: str
    region: str
    specialism: str
    slots: int
    slots_taken: int
    starts_on: date
    revision: int
    published_at: datetime
    closed_at: datetime | None


async def insert(db: Db, vacancy: NewVacancy) -> None:
    await run(
        db,
        "INSERT INTO vacancies (vacancy_id, council_id, programme_id, region, specialism, slots,"
        " starts_on, revision, created_at, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1,"
        " $8, $8)",
        vacancy.vacancy_id,
        vacancy.council_id,
        vacancy.programme_id,
        vacancy.region,
        vacancy.specialism,
        vacancy.slots,
        vacancy.starts_on,
        vacancy.at,
    )


async def of_council(db: Db, council_id: UUID, vacancy_id: UUID) -> Vacancy | None:
    """The vacancy only if it belongs to ``council_id`` (another council's is not found)."""
    return await one(
        db,
        Vacancy,
        _SELECT + " WHERE v.vacancy_id = $2 AND v.council_id = $3",
        statuses(HOLDS_A_PLACE),
        vacancy_id,
        council_id,
    )


async def all_of_council(db: Db, council_id: UUID) -> list[Vacancy]:
    return await many(
        db,
        Vacancy,
        _SELECT + " WHERE v.council_id = $2 ORDER BY v.created_at, v.vacancy_id",
        statuses(HOLDS_A_PLACE),
        council_id,
    )


async def change(db: Db, vacancy_id: UUID, slots: int, starts_on: date, at: datetime) -> None:
    await run(
        db,
        "UPDATE vacancies SET slots = $2, starts_on = $3, revision = revision + 1,"
        " published_at = $4 WHERE vacancy_id = $1",
        vacancy_id,
        slots,
        starts_on,
        at,
    )


async def close(db: Db, vacancy_id: UUID, at: datetime) -> None:
    await stamp_once(db, "vacancies", "closed_at", at, vacancy_id=vacancy_id)

"""Vacancies councils post, and how many of their slots live offers take up."""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

import asyncpg

from returners_platform.messaging.unit_of_work import Connection

# A vacancy row with the slots its live offers (offered, accepted, hired) take up.
_SELECT = """
    SELECT v.vacancy_id, v.council_id, v.programme_id, v.region, v.specialism, v.slots,
           v.starts_on, v.revision, v.created_at, v.published_at, v.closed_at,
           (SELECT count(*) FROM offers o WHERE o.vacancy_id = v.vacancy_id
              AND o.status IN ('offered', 'accepted', 'hired'))::int AS slots_taken
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


async def insert(conn: Connection, vacancy: NewVacancy) -> None:
    await conn.execute(
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


async def of_council(conn: Connection, council_id: UUID, vacancy_id: UUID) -> asyncpg.Record | None:
    """The vacancy only if it belongs to ``council_id`` (another council's is not found)."""
    return await conn.fetchrow(
        _SELECT + " WHERE v.vacancy_id = $1 AND v.council_id = $2", vacancy_id, council_id
    )


async def all_of_council(conn: Connection, council_id: UUID) -> list[asyncpg.Record]:
    return list(
        await conn.fetch(
            _SELECT + " WHERE v.council_id = $1 ORDER BY v.created_at, v.vacancy_id", council_id
        )
    )


async def change(
    conn: Connection, vacancy_id: UUID, slots: int, starts_on: date, at: datetime
) -> None:
    await conn.execute(
        "UPDATE vacancies SET slots = $2, starts_on = $3, revision = revision + 1,"
        " published_at = $4 WHERE vacancy_id = $1",
        vacancy_id,
        slots,
        starts_on,
        at,
    )


async def close(conn: Connection, vacancy_id: UUID, at: datetime) -> None:
    await conn.execute(
        "UPDATE vacancies SET closed_at = $2 WHERE vacancy_id = $1 AND closed_at IS NULL",
        vacancy_id,
        at,
    )

"""What routing and wording need to know (tables ``offer_councils``, ``councils``,
``programmes``): facts copied from events, none of them personal data."""

from uuid import UUID

from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import run, value, values


async def record_offer(db: Db, offer_id: UUID, application_id: UUID, council_id: UUID) -> None:
    await run(
        db,
        "INSERT INTO offer_councils (offer_id, application_id, council_id) VALUES ($1, $2, $3)"
        " ON CONFLICT (offer_id) DO NOTHING",
        offer_id,
        application_id,
        council_id,
    )


async def councils_that_offered(db: Db, application_id: UUID) -> list[UUID]:
    return await values(
        db,
        "SELECT DISTINCT council_id FROM offer_councils WHERE application_id = $1"
        " ORDER BY council_id",
        application_id,
    )


async def upsert_council(db: Db, council_id: UUID, name: str) -> None:
    await run(
        db,
        "INSERT INTO councils (council_id, name) VALUES ($1, $2)"
        " ON CONFLICT (council_id) DO UPDATE SET name = EXCLUDED.name",
        council_id,
        name,
    )


async def upsert_programme(db: Db, programme_id: str, title: str) -> None:
    await run(
        db,
        "INSERT INTO programmes (programme_id, title) VALUES ($1, $2)"
        " ON CONFLICT (programme_id) DO UPDATE SET title = EXCLUDED.title",
        programme_id,
        title,
    )


async def council_name(db: Db, council_id: UUID) -> str | None:
    name: str | None = await value(
        db, "SELECT name FROM councils WHERE council_id = $1", council_id
    )
    return name


async def programme_title(db: Db, programme_id: str) -> str | None:
    title: str | None = await value(
        db, "SELECT title FROM programmes WHERE programme_id = $1", programme_id
    )
    return title

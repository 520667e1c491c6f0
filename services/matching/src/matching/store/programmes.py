"""Programmes: the definition published as ``programme.published``, and the matching lock."""

import json

from returners_platform.contracts.events import PublishedProgramme, published_from_json
from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import run, value, values


async def insert(db: Db, programme: PublishedProgramme) -> bool:
    """Store a new programme; False if the id is already taken."""
    inserted = await value(
        db,
        "INSERT INTO programmes (programme_id, definition, published_at)"
        " VALUES ($1, $2::jsonb, $3) ON CONFLICT (programme_id) DO NOTHING RETURNING true",
        programme.programme_id,
        programme.model_dump_json(),
        programme.published_at,
    )
    return bool(inserted)


async def get(db: Db, programme_id: str) -> PublishedProgramme | None:
    definition = await value(
        db, "SELECT definition FROM programmes WHERE programme_id = $1", programme_id
    )
    return published_from_json(json.loads(definition)) if definition else None


async def all_programmes(db: Db) -> list[PublishedProgramme]:
    definitions = await values(
        db, "SELECT definition FROM programmes ORDER BY published_at, programme_id"
    )
    return [published_from_json(json.loads(d)) for d in definitions]


async def lock_for_matching(db: Db, programme_id: str) -> None:
    """Serialise every change to a programme's offers, slots or matchable applicants.

    A transaction-scoped advisory lock: held until commit or rollback, re-entrant within
    the transaction. Taken first, before any row is written, so two transactions never
    both see the same free slot (no double-booking) and never deadlock over rows.
    """
    await run(
        db,
        "SELECT pg_advisory_xact_lock(hashtextextended('matching:' || $1::text, 0))",
        programme_id,
    )

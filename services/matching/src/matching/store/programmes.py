"""Programmes: the definition published as ``programme.published``, and the matching lock."""

import json

from returners_platform.contracts.events import PublishedProgramme, published_from_json
from returners_platform.messaging.unit_of_work import Db, UnitOfWork
from returners_platform.store import run, value, values

# The programme's ($1) matching lock, as a statement's row source.
_MATCHING_LOCK = "pg_advisory_xact_lock(hashtextextended('matching:' || $1::text, 0))"


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
    both see the same free slot (no double-booking) and never deadlock over rows. A unit of
    work that already holds it (a handler took it, then a matching run asks again) is not
    sent the statement a second time.
    """
    if _holds_matching_lock(db, programme_id):
        return
    await run(db, f"SELECT {_MATCHING_LOCK}", programme_id)
    _matching_lock_taken(db, programme_id)


async def get_locked_for_matching(db: Db, programme_id: str) -> PublishedProgramme | None:
    """The programme (None if unknown), its matching lock taken by the same statement: one
    round trip for ``lock_for_matching`` and ``get``. The lock is taken even for an unknown
    programme (released when the transaction ends, as it will: that is an error).

    The definition is read as it stood when the statement began, which may be before it
    waited for the lock: a published programme never changes (``use_cases.programmes``), so
    that is the programme as it stands. What does change under the lock (offers, slots,
    applicants) is read by the statements after this one.
    """
    definition = await value(
        db,
        f"SELECT (SELECT definition FROM programmes WHERE programme_id = $1) FROM {_MATCHING_LOCK}",
        programme_id,
    )
    _matching_lock_taken(db, programme_id)
    return published_from_json(json.loads(definition)) if definition else None


def _holds_matching_lock(db: Db, programme_id: str) -> bool:
    return isinstance(db, UnitOfWork) and db.holds_lock(f"matching:{programme_id}")


def _matching_lock_taken(db: Db, programme_id: str) -> None:
    if isinstance(db, UnitOfWork):
        db.lock_taken(f"matching:{programme_id}")

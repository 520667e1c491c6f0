"""Programmes as selection knows them: their places, selection rules and retention periods."""

from dataclasses import dataclass
from datetime import datetime

from returners_platform.contracts.events import ProgrammePublishedV3, SelectionRules
from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import converting, many, one, run, stamp_once


@dataclass(frozen=True)
class Programme:
    programme_id: str
    timezone: str
    places: int
    rules: SelectionRules | None
    decided_at: datetime | None


_programme = converting(Programme, rules=SelectionRules.model_validate_json)


async def upsert(db: Db, programme: ProgrammePublishedV3) -> None:
    """Keep the newest publication (a published programme never changes; this is replay)."""
    await run(
        db,
        """
        INSERT INTO programmes (programme_id, timezone, places, rules, published_at, retention)
        VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb)
        ON CONFLICT (programme_id) DO UPDATE SET timezone = EXCLUDED.timezone,
            places = EXCLUDED.places, rules = EXCLUDED.rules,
            published_at = EXCLUDED.published_at, retention = EXCLUDED.retention
        WHERE programmes.published_at <= EXCLUDED.published_at
        """,
        programme.programme_id,
        programme.timezone,
        programme.places,
        programme.selection.model_dump_json() if programme.selection else None,
        programme.published_at,
        programme.retention.model_dump_json(),
    )


async def get(db: Db, programme_id: str) -> Programme | None:
    return await one(
        db,
        _programme,
        "SELECT programme_id, timezone, places, rules::text AS rules, decided_at FROM programmes"
        " WHERE programme_id = $1",
        programme_id,
    )


async def lock(db: Db, programme_id: str) -> None:
    """Serialise a programme's decisions, promotions and bookings (a transaction lock)."""
    await run(
        db,
        "SELECT pg_advisory_xact_lock(hashtextextended('selection:' || $1::text, 0))",
        programme_id,
    )


async def undecided_with_selection(db: Db) -> list[Programme]:
    return await many(
        db,
        _programme,
        "SELECT programme_id, timezone, places, rules::text AS rules, decided_at FROM programmes"
        " WHERE rules IS NOT NULL AND decided_at IS NULL ORDER BY programme_id",
    )


async def mark_decided(db: Db, programme_id: str, at: datetime) -> bool:
    """Record the decision; False if it was decided already."""
    return await stamp_once(db, "programmes", "decided_at", at, programme_id=programme_id)

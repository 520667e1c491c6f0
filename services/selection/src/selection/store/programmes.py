"""Programmes as selection knows them: their places, selection rules and retention periods."""

from dataclasses import dataclass
from datetime import datetime

import asyncpg

from returners_platform.contracts.events import ProgrammePublishedV2, SelectionRules
from returners_platform.messaging.unit_of_work import Db, connection_of
from returners_platform.store import stamp_once


@dataclass(frozen=True)
class Programme:
    programme_id: str
    timezone: str
    places: int
    rules: SelectionRules | None
    decided_at: datetime | None


def _programme(row: asyncpg.Record) -> Programme:
    rules = SelectionRules.model_validate_json(row["rules"]) if row["rules"] else None
    return Programme(row["programme_id"], row["timezone"], row["places"], rules, row["decided_at"])


async def upsert(db: Db, programme: ProgrammePublishedV2) -> None:
    """Keep the newest publication (a published programme never changes; this is replay)."""
    await connection_of(db).execute(
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
    row = await connection_of(db).fetchrow(
        "SELECT programme_id, timezone, places, rules::text AS rules, decided_at FROM programmes"
        " WHERE programme_id = $1",
        programme_id,
    )
    return _programme(row) if row else None


async def lock(db: Db, programme_id: str) -> None:
    """Serialise a programme's decisions, promotions and bookings (a transaction lock)."""
    await connection_of(db).execute(
        "SELECT pg_advisory_xact_lock(hashtextextended('selection:' || $1::text, 0))",
        programme_id,
    )


async def undecided_with_selection(db: Db) -> list[Programme]:
    rows = await connection_of(db).fetch(
        "SELECT programme_id, timezone, places, rules::text AS rules, decided_at FROM programmes"
        " WHERE rules IS NOT NULL AND decided_at IS NULL ORDER BY programme_id"
    )
    return [_programme(row) for row in rows]


async def mark_decided(db: Db, programme_id: str, at: datetime) -> bool:
    """Record the decision; False if it was decided already."""
    return await stamp_once(db, "programmes", "decided_at", at, programme_id=programme_id)

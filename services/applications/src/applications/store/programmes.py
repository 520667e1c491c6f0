"""Programmes as applications knows them: copies of ``programme.published``."""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from returners_platform.contracts.eligibility_rules import EligibilityRules
from returners_platform.contracts.events import programme_from_json
from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import converting, one, run


@dataclass(frozen=True)
class ProgrammeWindow:
    """What a submission is checked against: the window, the regions and job families
    offered (``specialisms``: their codes) and the eligibility rules (which answers the
    programme asks for)."""

    programme_id: str
    opens_at: datetime
    closes_at: datetime
    regions: list[str]
    specialisms: list[str]
    eligibility: EligibilityRules


async def upsert(db: Db, definition: dict[str, Any]) -> None:
    """Keep the newest definition published under the id."""
    await run(
        db,
        """
        INSERT INTO programmes (programme_id, title, opens_at, closes_at, timezone, starts_on,
                                regions, specialisms, published_at, definition)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
        ON CONFLICT (programme_id) DO UPDATE SET
            title = EXCLUDED.title, opens_at = EXCLUDED.opens_at, closes_at = EXCLUDED.closes_at,
            timezone = EXCLUDED.timezone, starts_on = EXCLUDED.starts_on,
            regions = EXCLUDED.regions, specialisms = EXCLUDED.specialisms,
            published_at = EXCLUDED.published_at, definition = EXCLUDED.definition
        WHERE programmes.published_at <= EXCLUDED.published_at
        """,
        definition["programme_id"],
        definition["title"],
        datetime.fromisoformat(definition["opens_at"]),
        datetime.fromisoformat(definition["closes_at"]),
        definition["timezone"],
        datetime.fromisoformat(definition["starts_on"]).date(),
        definition["regions"],
        definition.get("specialisms") or [f["code"] for f in definition["job_families"]],
        datetime.fromisoformat(definition["published_at"]),
        json.dumps(definition),
    )


async def window(db: Db, programme_id: str) -> ProgrammeWindow | None:
    return await one(
        db,
        converting(ProgrammeWindow, eligibility=_eligibility),
        "SELECT programme_id, opens_at, closes_at, regions, specialisms,"
        " definition AS eligibility FROM programmes WHERE programme_id = $1",
        programme_id,
    )


def _eligibility(definition: str | dict[str, Any]) -> EligibilityRules:
    kept = json.loads(definition) if isinstance(definition, str) else definition
    return programme_from_json(kept).eligibility


@dataclass(frozen=True)
class PublishedProgramme:
    """A programme as it was last published (``programme.published``'s fields)."""

    programme_id: str
    definition: dict[str, Any]


async def published(db: Db, programme_id: str) -> PublishedProgramme | None:
    return await one(
        db,
        _published,
        "SELECT programme_id, definition FROM programmes WHERE programme_id = $1",
        programme_id,
    )


def _published(programme_id: str, definition: str | dict[str, Any]) -> PublishedProgramme:
    return PublishedProgramme(
        programme_id, json.loads(definition) if isinstance(definition, str) else definition
    )

"""Programmes as applications knows them: copies of ``programme.published``."""

import json
import time
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from returners_platform.contracts.eligibility_rules import EligibilityRules
from returners_platform.contracts.events import AnyProgrammePublished, as_v3, programme_from_json
from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import one, run


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
    version: str  # the row's version (Postgres's xmin): a new one whenever it is written


async def upsert(db: Db, published: AnyProgrammePublished) -> None:
    """Keep the newest definition published under the id, as published (any version), with
    its job families' codes (``specialisms``) and its rules as data."""
    definition = published.model_dump(mode="json")
    programme = as_v3(published)
    await run(
        db,
        """
        INSERT INTO programmes (programme_id, title, opens_at, closes_at, timezone, starts_on,
                                regions, specialisms, published_at, definition, eligibility)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb)
        ON CONFLICT (programme_id) DO UPDATE SET
            title = EXCLUDED.title, opens_at = EXCLUDED.opens_at, closes_at = EXCLUDED.closes_at,
            timezone = EXCLUDED.timezone, starts_on = EXCLUDED.starts_on,
            regions = EXCLUDED.regions, specialisms = EXCLUDED.specialisms,
            published_at = EXCLUDED.published_at, definition = EXCLUDED.definition,
            eligibility = EXCLUDED.eligibility
        WHERE programmes.published_at <= EXCLUDED.published_at
        """,
        programme.programme_id,
        programme.title,
        programme.opens_at,
        programme.closes_at,
        programme.timezone,
        programme.starts_on,
        [region.value for region in programme.regions],
        programme.job_family_codes,
        programme.published_at,
        json.dumps(definition),
        programme.eligibility.model_dump_json(),
    )


# A programme's window as ``window_of`` reads it (its rules from the definition only when
# they were not kept apart: a programme kept before they were).
WINDOW_COLUMNS = (
    "programme_id, opens_at, closes_at, regions, specialisms, eligibility, xmin::text AS version,"
    " CASE WHEN eligibility IS NULL THEN definition END AS definition"
)


async def window(db: Db, programme_id: str) -> ProgrammeWindow | None:
    return await one(
        db,
        window_of,
        f"SELECT {WINDOW_COLUMNS} FROM programmes WHERE programme_id = $1",
        programme_id,
    )


def window_of(
    *, eligibility: str | None, definition: str | None, **columns: Any
) -> ProgrammeWindow:
    """The window; its rules as kept, or (a programme kept before they were) read from its
    definition."""
    rules = (
        _rules(eligibility)
        if eligibility is not None
        else programme_from_json(json.loads(definition or "{}")).eligibility
    )
    return ProgrammeWindow(**columns, eligibility=rules)


class ProgrammeWindows:
    """Programmes' windows as last read, so that a submission need not read its programme
    first: the statement that records it checks the programme is still at the version read
    (``applications.insert``), and re-reads it if not (``fresh``). Kept a few minutes at most;
    a programme not found is not kept."""

    KEEP_SECONDS = 300.0

    def __init__(self) -> None:
        self._read: dict[str, tuple[float, ProgrammeWindow]] = {}

    async def get(self, db: Db, programme_id: str) -> ProgrammeWindow | None:
        kept = self._read.get(programme_id)
        if kept is not None and time.monotonic() - kept[0] < self.KEEP_SECONDS:
            return kept[1]
        return await self.fresh(db, programme_id)

    async def fresh(self, db: Db, programme_id: str) -> ProgrammeWindow | None:
        read = await window(db, programme_id)
        if read is None:
            self._read.pop(programme_id, None)
        else:
            self._read[programme_id] = (time.monotonic(), read)
        return read


@lru_cache(maxsize=256)
def _rules(eligibility: str) -> EligibilityRules:
    """The rules kept as ``eligibility``, parsed once per text (they are frozen)."""
    return EligibilityRules.model_validate_json(eligibility)


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

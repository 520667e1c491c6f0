"""Applicants as matching knows them: ids, preferences, eligibility inputs and decision.

Matching keeps no contact data. On erasure the eligibility inputs (registration history,
right to work) are deleted and the time out of practice is cut to whole years; ids,
preferences and the decision (eligible, reasons, updating days) stay for the statistics
and for offers still running.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from returners_platform.messaging.unit_of_work import OUTBOX_COLUMNS, Db, OutboxRow
from returners_platform.store import one, run, stamp_once, value


@dataclass(frozen=True)
class DecidedApplicant:
    application_id: UUID
    programme_id: str
    submitted_at: datetime
    regions: list[str]
    specialisms: list[str]
    inputs: dict[str, Any]
    eligible: bool
    reasons: list[str]
    updating_days: int | None
    years_out_of_practice: float
    decided_at: datetime


@dataclass(frozen=True)
class Applicant:
    """What matching keeps of an applicant beyond the decision's inputs."""

    application_id: UUID
    programme_id: str
    eligible: bool
    withdrawn_at: datetime | None


@dataclass(frozen=True)
class CandidateCounts:
    """How many of a programme's applicants matching knows in each state."""

    decided: int
    eligible: int
    selected: int  # selected (or promoted) and still holding their selected place
    withdrawn: int


async def counts(db: Db, programme_id: str) -> CandidateCounts:
    counts = await one(
        db,
        CandidateCounts,
        """
        SELECT count(*)::int AS decided,
               count(*) FILTER (WHERE eligible)::int AS eligible,
               count(*) FILTER (WHERE selected_at IS NOT NULL AND released_at IS NULL
                                  AND withdrawn_at IS NULL)::int AS selected,
               count(*) FILTER (WHERE withdrawn_at IS NOT NULL)::int AS withdrawn
        FROM applicants WHERE programme_id = $1
        """,
        programme_id,
    )
    assert counts is not None  # an aggregate without GROUP BY: always one row
    return counts


async def insert(db: Db, applicant: DecidedApplicant, decided: OutboxRow) -> bool:
    """Record the decision and ``decided`` (its event) in the outbox, in one statement; False
    (neither written) if this application was already decided."""
    inserted = await value(
        db,
        f"""
        WITH decision AS (
            INSERT INTO applicants (application_id, programme_id, submitted_at, regions,
                                    specialisms, inputs, eligible, reasons, updating_days,
                                    years_out_of_practice, decided_at)
            VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11)
            ON CONFLICT (application_id) DO NOTHING RETURNING true
        ), outbox AS (
            INSERT INTO outbox ({OUTBOX_COLUMNS})
            SELECT $12, $13, $14, $15, $16::jsonb FROM decision
        )
        SELECT true FROM decision
        """,
        applicant.application_id,
        applicant.programme_id,
        applicant.submitted_at,
        applicant.regions,
        applicant.specialisms,
        json.dumps(applicant.inputs),
        applicant.eligible,
        applicant.reasons,
        applicant.updating_days,
        applicant.years_out_of_practice,
        applicant.decided_at,
        *decided.values(),
    )
    return bool(inserted)


async def get(db: Db, application_id: UUID) -> Applicant | None:
    return await one(
        db,
        Applicant,
        "SELECT application_id, programme_id, eligible, withdrawn_at FROM applicants"
        " WHERE application_id = $1",
        application_id,
    )


async def mark_withdrawn(db: Db, application_id: UUID, at: datetime) -> None:
    await stamp_once(db, "applicants", "withdrawn_at", at, application_id=application_id)


async def mark_selected(db: Db, application_id: UUID, rank: int, at: datetime) -> bool:
    """The applicant was selected (or promoted from the waitlist) at ``rank``; False if
    matching never decided on them."""
    updated = await value(
        db,
        "UPDATE applicants SET selection_rank = $2, selected_at = coalesce(selected_at, $3)"
        " WHERE application_id = $1 RETURNING true",
        application_id,
        rank,
        at,
    )
    return bool(updated)


async def release(db: Db, application_id: UUID, at: datetime) -> None:
    """The applicant gave their selected place back (declined, or let an offer expire): in a
    programme with selection they are offered nothing more."""
    await stamp_once(db, "applicants", "released_at", at, application_id=application_id)


async def erase(db: Db, application_id: UUID, at: datetime) -> None:
    await run(
        db,
        "UPDATE applicants SET inputs = NULL, erased_at = coalesce(erased_at, $2),"
        " years_out_of_practice = trunc(years_out_of_practice) WHERE application_id = $1",
        application_id,
        at,
    )

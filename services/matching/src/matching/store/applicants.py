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

import asyncpg

from returners_platform.messaging.unit_of_work import Connection


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


async def insert(conn: Connection, applicant: DecidedApplicant) -> bool:
    """Record the decision; False if this application was already decided."""
    inserted = await conn.fetchval(
        """
        INSERT INTO applicants (application_id, programme_id, submitted_at, regions, specialisms,
                                inputs, eligible, reasons, updating_days, years_out_of_practice,
                                decided_at)
        VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11)
        ON CONFLICT (application_id) DO NOTHING RETURNING true
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
    )
    return bool(inserted)


async def get(conn: Connection, application_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM applicants WHERE application_id = $1", application_id)


async def mark_withdrawn(conn: Connection, application_id: UUID, at: datetime) -> None:
    await conn.execute(
        "UPDATE applicants SET withdrawn_at = $2 WHERE application_id = $1"
        " AND withdrawn_at IS NULL",
        application_id,
        at,
    )


async def erase(conn: Connection, application_id: UUID, at: datetime) -> None:
    await conn.execute(
        "UPDATE applicants SET inputs = NULL, erased_at = coalesce(erased_at, $2),"
        " years_out_of_practice = trunc(years_out_of_practice) WHERE application_id = $1",
        application_id,
        at,
    )

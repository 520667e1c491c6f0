"""Placements: what the training service told us of the placement an accepted offer opened.

Each fact is recorded once (the first time: True), whatever order and however often the
events carrying it arrive; a condition keeps its latest record, the hours their latest total.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from applications.domain.training import PlacementFacts, Reregistration
from applications.store import records
from returners_platform.contracts.vocabulary import ReregistrationDecision
from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import converting, one, run, value

_COLUMNS = (
    "placement_id, application_id, council_id, updating_days, required_hours, starts_on,"
    " conditions, condition_records, opened_at, conditions_met_at, offer_withdrawn_at,"
    " offer_withdrawal, started_at, started_on, total_hours, hours_logged_at, completed_at,"
    " completed_on, hours_by_kind, withdrawn_at, withdrawal_reason, reregistration_reported_at,"
    " reregistration_applied_on, reregistration_decision, reregistration_decided_on,"
    " reregistered_at, reregistered_on"
)


@dataclass(frozen=True)
class Placement:
    placement_id: UUID
    application_id: UUID
    council_id: UUID
    updating_days: int | None
    required_hours: float | None
    starts_on: date | None
    conditions: list[str]
    condition_records: dict[str, dict[str, Any]]
    opened_at: datetime | None
    conditions_met_at: datetime | None
    offer_withdrawn_at: datetime | None
    offer_withdrawal: dict[str, Any] | None
    started_at: datetime | None
    started_on: date | None
    total_hours: float
    hours_logged_at: datetime | None
    completed_at: datetime | None
    completed_on: date | None
    hours_by_kind: dict[str, float] | None
    withdrawn_at: datetime | None
    withdrawal_reason: str | None
    reregistration_reported_at: datetime | None
    reregistration_applied_on: date | None
    reregistration_decision: ReregistrationDecision | None
    reregistration_decided_on: date | None
    reregistered_at: datetime | None
    reregistered_on: date | None

    @property
    def facts(self) -> PlacementFacts:
        return PlacementFacts(
            conditions_met_at=self.conditions_met_at,
            offer_withdrawn_at=self.offer_withdrawn_at,
            started_at=self.started_at,
            withdrawn_at=self.withdrawn_at,
            completed_at=self.completed_at,
            reregistered_at=self.reregistered_at,
        )

    @property
    def reported_reregistration(self) -> Reregistration | None:
        """The restoration as the returner last reported it (None: not reported)."""
        if self.reregistration_applied_on is None or self.reregistration_decision is None:
            return None
        return Reregistration(
            self.reregistration_applied_on,
            self.reregistration_decision,
            self.reregistration_decided_on,
        )


_placement = converting(
    Placement,
    condition_records=json.loads,
    offer_withdrawal=json.loads,
    hours_by_kind=json.loads,
    reregistration_decision=ReregistrationDecision,
)
_NAMES = records.names(_COLUMNS)
# The application's latest placement (the one its accepted offer opened) first.
_LATEST_FIRST = "ORDER BY opened_at DESC NULLS LAST, placement_id LIMIT 1"


async def ensure(db: Db, placement_id: UUID, application_id: UUID, council_id: UUID) -> None:
    """The placement's row, whichever of its facts comes first."""
    await run(
        db,
        "INSERT INTO placements (placement_id, application_id, council_id) VALUES ($1, $2, $3)"
        " ON CONFLICT (placement_id) DO NOTHING",
        placement_id,
        application_id,
        council_id,
    )


async def record_opened(
    db: Db,
    placement_id: UUID,
    *,
    updating_days: int,
    required_hours: float,
    starts_on: date,
    conditions: list[str],
    at: datetime,
) -> bool:
    opened = await value(
        db,
        "UPDATE placements SET opened_at = $2, updating_days = $3,"
        " required_hours = coalesce(required_hours, $4), starts_on = $5, conditions = $6"
        " WHERE placement_id = $1 AND opened_at IS NULL RETURNING true",
        placement_id,
        at,
        updating_days,
        required_hours,
        starts_on,
        conditions,
    )
    return bool(opened)


async def record_condition(
    db: Db, placement_id: UUID, condition: str, status: str, reason: str | None, at: datetime
) -> bool:
    """The condition's record, unless a later one is recorded already."""
    record = {"status": status, "reason": reason, "recorded_at": at.isoformat()}
    recorded = await value(
        db,
        "UPDATE placements SET condition_records = condition_records"
        " || jsonb_build_object($2::text, $3::jsonb)"
        " WHERE placement_id = $1 AND coalesce((condition_records -> $2 ->> 'recorded_at')"
        "::timestamptz, '-infinity') <= $4 RETURNING true",
        placement_id,
        condition,
        json.dumps(record),
        at,
    )
    return bool(recorded)


async def record_conditions_met(db: Db, placement_id: UUID, at: datetime) -> bool:
    return await _first(db, "conditions_met_at = $2", placement_id, at)


async def record_offer_withdrawn(
    db: Db, placement_id: UUID, withdrawal: dict[str, Any], at: datetime
) -> bool:
    return await _first(
        db,
        "offer_withdrawn_at = $2, offer_withdrawal = $3::jsonb",
        placement_id,
        at,
        json.dumps(withdrawal),
        column="offer_withdrawn_at",
    )


async def record_started(
    db: Db, placement_id: UUID, starts_on: date, required_hours: float, at: datetime
) -> bool:
    return await _first(
        db,
        "started_at = $2, started_on = $3, required_hours = $4",
        placement_id,
        at,
        starts_on,
        required_hours,
        column="started_at",
    )


async def record_hours(
    db: Db, placement_id: UUID, total_hours: float, required_hours: float, logged_at: datetime
) -> bool:
    """The placement's effective total after an entry, unless a later entry's is recorded."""
    recorded = await value(
        db,
        "UPDATE placements SET total_hours = $2, required_hours = $3, hours_logged_at = $4"
        " WHERE placement_id = $1 AND coalesce(hours_logged_at, '-infinity') <= $4"
        " RETURNING true",
        placement_id,
        total_hours,
        required_hours,
        logged_at,
    )
    return bool(recorded)


async def record_completed(
    db: Db,
    placement_id: UUID,
    *,
    total_hours: float,
    required_hours: float,
    hours_by_kind: dict[str, float],
    completed_on: date,
    at: datetime,
) -> bool:
    return await _first(
        db,
        "completed_at = $2, completed_on = $3, total_hours = $4, required_hours = $5,"
        " hours_by_kind = $6::jsonb, hours_logged_at = greatest(hours_logged_at, $2)",
        placement_id,
        at,
        completed_on,
        total_hours,
        required_hours,
        json.dumps(hours_by_kind),
        column="completed_at",
    )


async def record_withdrawn(
    db: Db, placement_id: UUID, reason: str, total_hours: float, at: datetime
) -> bool:
    return await _first(
        db,
        "withdrawn_at = $2, withdrawal_reason = $3, total_hours = $4",
        placement_id,
        at,
        reason,
        total_hours,
        column="withdrawn_at",
    )


async def record_reregistered(db: Db, placement_id: UUID, decided_on: date, at: datetime) -> bool:
    return await _first(
        db,
        "reregistered_at = $2, reregistered_on = $3",
        placement_id,
        at,
        decided_on,
        column="reregistered_at",
    )


async def record_reregistration_reported(
    db: Db,
    placement_id: UUID,
    reported: Reregistration,
    replacing: Reregistration | None,
    at: datetime,
) -> bool:
    """The returner's report, in place of ``replacing`` (None: the first), unless another
    report was recorded meanwhile."""
    recorded = await value(
        db,
        "UPDATE placements SET reregistration_reported_at = $2, reregistration_applied_on = $3,"
        " reregistration_decision = $4, reregistration_decided_on = $5"
        " WHERE placement_id = $1 AND reregistration_decision IS NOT DISTINCT FROM $6"
        " RETURNING true",
        placement_id,
        at,
        reported.applied_on,
        reported.decision.value,
        reported.decided_on,
        None if replacing is None else replacing.decision.value,
    )
    return bool(recorded)


async def _first(
    db: Db,
    assignments: str,
    placement_id: UUID,
    at: datetime,
    *more: object,
    column: str | None = None,
) -> bool:
    """Set ``assignments`` ($2 is ``at``) where ``column`` (the first assigned) is still null."""
    column = column or assignments.split(" = ")[0]
    updated = await value(
        db,
        f"UPDATE placements SET {assignments} WHERE placement_id = $1 AND {column} IS NULL"
        " RETURNING true",
        placement_id,
        at,
        *more,
    )
    return bool(updated)


async def latest_of_application(db: Db, application_id: UUID) -> Placement | None:
    """The application's latest placement (the one its accepted offer opened)."""
    return await one(
        db,
        _placement,
        f"SELECT {_COLUMNS} FROM placements WHERE application_id = $1 {_LATEST_FIRST}",
        application_id,
    )


def latest_as_record(application_id: str) -> str:
    """SQL: the latest placement of the application ``application_id`` names (an expression
    of the enclosing statement) as one record, null without one (``from_record``)."""
    return (
        f"(SELECT ROW({_COLUMNS}) FROM placements WHERE placements.application_id ="
        f" {application_id} {_LATEST_FIRST})"
    )


def from_record(placement: Sequence[Any] | None) -> Placement | None:
    return None if placement is None else records.read(_placement, _NAMES, placement)

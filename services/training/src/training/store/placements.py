"""Placements: one per accepted offer, from its conditions to completion or withdrawal, with
the mentor's name (personal data) and the returner's re-registration."""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from returners_platform.contracts.retention import RetentionPeriods
from returners_platform.contracts.vocabulary import (
    ConditionNotMetReason,
    ConditionStatus,
    PlacementCondition,
    PlacementWithdrawalReason,
    ReregistrationReportedBy,
)
from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import converting, many, one, run, update, value
from training.domain.conditions import Condition
from training.domain.placements import PlacementStatus
from training.domain.retention import KeptPersonalData


@dataclass(frozen=True)
class Placement:
    placement_id: UUID
    application_id: UUID
    programme_id: str
    council_id: UUID
    vacancy_id: UUID
    region: str
    updating_days: int
    required_hours: float
    offered_starts_on: date
    status: PlacementStatus
    opened_at: datetime
    conditions_met_at: datetime | None
    started_on: date | None
    started_at: datetime | None
    ended_on: date | None
    ended_at: datetime | None
    signed_off_by: str | None
    completed_on: date | None
    completed_at: datetime | None
    closed_at: datetime | None
    withdrawal_reason: PlacementWithdrawalReason | None
    mentor_name: str | None
    mentor_assigned_at: datetime | None
    reregistration_applied_on: date | None
    reregistration_decision: str | None
    reregistration_decided_on: date | None
    reregistration_reported_by: ReregistrationReportedBy | None
    reregistered_at: datetime | None
    erased_at: datetime | None


_placement = converting(
    Placement,
    status=PlacementStatus,
    withdrawal_reason=PlacementWithdrawalReason,
    reregistration_reported_by=ReregistrationReportedBy,
)


async def insert(
    db: Db,
    *,
    placement_id: UUID,
    application_id: UUID,
    programme_id: str,
    council_id: UUID,
    vacancy_id: UUID,
    region: str,
    updating_days: int,
    required_hours: float,
    offered_starts_on: date,
    at: datetime,
) -> bool:
    """Open the placement, every condition pending; False if it was open already."""
    inserted = await value(
        db,
        "INSERT INTO placements (placement_id, application_id, programme_id, council_id,"
        " vacancy_id, region, updating_days, required_hours, offered_starts_on, status,"
        " opened_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
        " ON CONFLICT DO NOTHING RETURNING true",
        placement_id,
        application_id,
        programme_id,
        council_id,
        vacancy_id,
        region,
        updating_days,
        required_hours,
        offered_starts_on,
        PlacementStatus.AWAITING_CONDITIONS.value,
        at,
    )
    if inserted:
        await run(
            db,
            "INSERT INTO conditions (placement_id, condition, status, recorded_at)"
            " SELECT $1, c, 'pending', $3 FROM unnest($2::text[]) AS c",
            placement_id,
            [c.value for c in PlacementCondition],
            at,
        )
    return bool(inserted)


async def locked(db: Db, placement_id: UUID) -> Placement | None:
    return await one(
        db, _placement, "SELECT * FROM placements WHERE placement_id = $1 FOR UPDATE", placement_id
    )


async def latest_locked(db: Db, application_id: UUID) -> Placement | None:
    """The application's most recent placement, locked for the transaction."""
    return await one(
        db,
        _placement,
        "SELECT * FROM placements WHERE application_id = $1"
        " ORDER BY opened_at DESC LIMIT 1 FOR UPDATE",
        application_id,
    )


async def latest(db: Db, application_id: UUID) -> Placement | None:
    return await one(
        db,
        _placement,
        "SELECT * FROM placements WHERE application_id = $1 ORDER BY opened_at DESC LIMIT 1",
        application_id,
    )


async def of_council(db: Db, council_id: UUID) -> list[Placement]:
    return await many(
        db,
        _placement,
        "SELECT * FROM placements WHERE council_id = $1 ORDER BY opened_at, placement_id",
        council_id,
    )


async def of_application(db: Db, application_id: UUID) -> list[Placement]:
    return await many(
        db,
        _placement,
        "SELECT * FROM placements WHERE application_id = $1 ORDER BY opened_at",
        application_id,
    )


async def set_status(db: Db, placement_id: UUID, status: PlacementStatus) -> None:
    await update(db, "placements", where={"placement_id": placement_id}, status=status.value)


async def conditions_met(db: Db, placement_id: UUID, at: datetime) -> None:
    await update(
        db,
        "placements",
        where={"placement_id": placement_id},
        status=PlacementStatus.READY.value,
        conditions_met_at=at,
    )


async def close(
    db: Db,
    placement_id: UUID,
    status: PlacementStatus,
    reason: PlacementWithdrawalReason | None,
    at: datetime,
) -> None:
    await update(
        db,
        "placements",
        where={"placement_id": placement_id},
        status=status.value,
        withdrawal_reason=reason.value if reason else None,
        closed_at=at,
    )


async def start(db: Db, placement_id: UUID, starts_on: date, at: datetime) -> None:
    await update(
        db,
        "placements",
        where={"placement_id": placement_id},
        status=PlacementStatus.STARTED.value,
        started_on=starts_on,
        started_at=at,
    )


async def end(
    db: Db, placement_id: UUID, ended_on: date, signed_off_by: str | None, at: datetime
) -> None:
    await update(
        db,
        "placements",
        where={"placement_id": placement_id},
        status=PlacementStatus.ENDED.value,
        ended_on=ended_on,
        signed_off_by=signed_off_by,
        ended_at=at,
    )


async def complete(db: Db, placement_id: UUID, completed_on: date, at: datetime) -> bool:
    """Mark it completed; False if it was already (completion happens once)."""
    done = await value(
        db,
        "UPDATE placements SET status = $2, completed_on = $3, completed_at = $4"
        " WHERE placement_id = $1 AND completed_at IS NULL RETURNING true",
        placement_id,
        PlacementStatus.COMPLETED.value,
        completed_on,
        at,
    )
    return bool(done)


async def assign_mentor(db: Db, placement_id: UUID, name: str, at: datetime) -> None:
    await update(
        db,
        "placements",
        where={"placement_id": placement_id},
        mentor_name=name,
        mentor_assigned_at=at,
    )


async def record_reregistration(
    db: Db,
    placement_id: UUID,
    *,
    applied_on: date,
    decision: str,
    decided_on: date | None,
    reported_by: ReregistrationReportedBy,
) -> None:
    await update(
        db,
        "placements",
        where={"placement_id": placement_id},
        reregistration_applied_on=applied_on,
        reregistration_decision=decision,
        reregistration_decided_on=decided_on,
        reregistration_reported_by=reported_by.value,
    )


async def mark_reregistered(db: Db, placement_id: UUID, at: datetime) -> bool:
    """True the first time only (``returner.reregistered`` is published once)."""
    done = await value(
        db,
        "UPDATE placements SET reregistered_at = $2"
        " WHERE placement_id = $1 AND reregistered_at IS NULL RETURNING true",
        placement_id,
        at,
    )
    return bool(done)


async def erase_personal_data(db: Db, application_id: UUID, at: datetime) -> int:
    """The mentor's name and every note on the application's placements; how many placements
    held any."""
    await run(
        db,
        "UPDATE hour_entries SET note = NULL WHERE note IS NOT NULL AND placement_id IN"
        " (SELECT placement_id FROM placements WHERE application_id = $1)",
        application_id,
    )
    status = await run(
        db,
        "UPDATE placements SET mentor_name = NULL, erased_at = coalesce(erased_at, $2)"
        " WHERE application_id = $1",
        application_id,
        at,
    )
    return int(status.split()[-1])


async def lock_holding_personal_data(db: Db, placement_id: UUID) -> UUID | None:
    """The placement's application, locked, if it still holds personal data (a replica's
    lock skips it).

    Locked first, then asked: a statement that locks a row a replica has just erased and
    released checks the row's own columns as they now are, but its ``EXISTS`` over the notes
    as they were when it began, so it found notes already erased and the placement was erased
    twice. The question, a statement of its own, is asked after the lock is held."""
    found: UUID | None = await value(
        db,
        "SELECT application_id FROM placements WHERE placement_id = $1 FOR UPDATE SKIP LOCKED",
        placement_id,
    )
    if found is None:
        return None
    holds = await value(
        db,
        "SELECT p.mentor_name IS NOT NULL OR EXISTS (SELECT 1 FROM hour_entries h"
        " WHERE h.placement_id = p.placement_id AND h.note IS NOT NULL)"
        " FROM placements p WHERE placement_id = $1",
        placement_id,
    )
    return found if holds else None


async def holding_personal_data(db: Db) -> list[KeptPersonalData]:
    """Every closed placement still holding personal data, with what its date depends on."""
    return await many(
        db,
        converting(KeptPersonalData, periods=_periods),
        "SELECT p.placement_id, p.application_id, p.completed_at, p.closed_at,"
        " coalesce(g.retention::text, '{}') AS periods"
        " FROM placements p LEFT JOIN programmes g USING (programme_id)"
        " WHERE (p.completed_at IS NOT NULL OR p.closed_at IS NOT NULL)"
        " AND (p.mentor_name IS NOT NULL OR EXISTS (SELECT 1 FROM hour_entries h"
        "      WHERE h.placement_id = p.placement_id AND h.note IS NOT NULL))",
    )


def _periods(text: str) -> RetentionPeriods:
    return RetentionPeriods.model_validate_json(text)


# Conditions


@dataclass(frozen=True)
class ConditionRow:
    condition: PlacementCondition
    status: ConditionStatus
    reason: ConditionNotMetReason | None
    reference_id: UUID | None
    recorded_at: datetime

    def as_condition(self) -> Condition:
        return Condition(self.status, self.reason)


_condition = converting(
    ConditionRow,
    condition=PlacementCondition,
    status=ConditionStatus,
    reason=ConditionNotMetReason,
)


async def conditions(db: Db, placement_id: UUID) -> list[ConditionRow]:
    return await many(
        db,
        _condition,
        "SELECT condition, status, reason, reference_id, recorded_at FROM conditions"
        " WHERE placement_id = $1 ORDER BY condition",
        placement_id,
    )


async def record_condition(
    db: Db,
    placement_id: UUID,
    condition: PlacementCondition,
    status: ConditionStatus,
    reason: ConditionNotMetReason | None,
    reference_id: UUID | None,
    at: datetime,
) -> None:
    await run(
        db,
        "INSERT INTO conditions (placement_id, condition, status, reason, reference_id,"
        " recorded_at) VALUES ($1, $2, $3, $4, $5, $6)"
        " ON CONFLICT (placement_id, condition) DO UPDATE SET status = EXCLUDED.status,"
        " reason = EXCLUDED.reason, reference_id = EXCLUDED.reference_id,"
        " recorded_at = EXCLUDED.recorded_at",
        placement_id,
        condition.value,
        status.value,
        reason.value if reason else None,
        reference_id,
        at,
    )

"""Events published by the training service (keyed by application id): a placement from the
accepted offer that opened it, through its conditions, start and logged hours, to completion
or withdrawal, and the returner's restoration to the register.

``placement_id`` is the accepted offer's ``offer_id``: one placement per accepted offer.
Nothing personal travels here (no mentor, no note, no referee): ids, codes, dates, numbers.
"""

from datetime import date
from typing import ClassVar
from uuid import UUID

from pydantic import AwareDatetime, Field

from returners_platform.contracts.envelope import EventData
from returners_platform.contracts.vocabulary import (
    ConditionNotMetReason,
    ConditionStatus,
    HoursKind,
    HoursLoggedBy,
    OfferWithdrawalReason,
    PlacementCondition,
    PlacementWithdrawalReason,
    ReregistrationReportedBy,
)

Hours = float  # hours, to the quarter hour or finer; a day of updating is 7 hours


class _PlacementEvent(EventData):
    placement_id: UUID = Field(description="The accepted offer's offer_id")
    application_id: UUID
    programme_id: str
    council_id: UUID


class PlacementOpened(_PlacementEvent):
    """An accepted offer opened a placement; every condition starts pending."""

    event_type: ClassVar[str] = "returners.placement.opened.v1"

    vacancy_id: UUID
    updating_days: int = Field(ge=0, le=365)
    required_hours: Hours = Field(ge=0, description="updating_days x 7")
    starts_on: date = Field(description="The start the offer stated; the actual start may differ")
    conditions: list[PlacementCondition] = Field(description="The conditions, each pending")
    opened_at: AwareDatetime


class PlacementConditionRecorded(_PlacementEvent):
    """A condition's status was recorded: by the council, or (``references``) from the
    referees' answers: met once both are in and satisfactory, not met as soon as one is not."""

    event_type: ClassVar[str] = "returners.placement.condition_recorded.v1"

    condition: PlacementCondition
    status: ConditionStatus
    reason: ConditionNotMetReason | None = Field(description="Why not met; null otherwise")
    reference_id: UUID | None = Field(
        default=None,
        description="references recorded from the referees' answers (reference.received): the "
        "reference that decided it (the unsatisfactory one, or the second satisfactory); else null",
    )
    recorded_at: AwareDatetime


class PlacementConditionsMet(_PlacementEvent):
    """Every condition is met: the placement may start."""

    event_type: ClassVar[str] = "returners.placement.conditions_met.v1"

    met_at: AwareDatetime


class PlacementOfferWithdrawn(_PlacementEvent):
    """A condition was not met: the accepted offer is withdrawn, the placement closed, and the
    vacancy's slot is free again."""

    event_type: ClassVar[str] = "returners.placement.offer_withdrawn.v1"

    vacancy_id: UUID
    reason: OfferWithdrawalReason
    condition: PlacementCondition = Field(description="The condition not met")
    condition_reason: ConditionNotMetReason | None = Field(description="Why it was not met")
    withdrawn_at: AwareDatetime


class PlacementStarted(_PlacementEvent):
    event_type: ClassVar[str] = "returners.placement.started.v1"

    starts_on: date
    required_hours: Hours = Field(ge=0)
    started_at: AwareDatetime


class HoursLogged(_PlacementEvent):
    """An entry of hours was logged; a correction is a new entry that supersedes another (the
    effective total counts only the latest entry of a chain)."""

    event_type: ClassVar[str] = "returners.hours.logged.v1"

    entry_id: UUID
    kind: HoursKind
    hours: Hours = Field(ge=0, le=24)
    worked_on: date = Field(description="The day the hours were worked")
    supersedes: UUID | None = Field(description="The entry this one corrects; null if new")
    logged_by: HoursLoggedBy
    total_hours: Hours = Field(ge=0, description="The placement's effective total after it")
    required_hours: Hours = Field(ge=0)
    logged_at: AwareDatetime


class PlacementCompleted(_PlacementEvent):
    """The updating requirement was met and the placement ended (published once)."""

    event_type: ClassVar[str] = "returners.placement.completed.v1"

    hours_by_kind: dict[HoursKind, Hours] = Field(description="Effective hours of every kind")
    total_hours: Hours = Field(ge=0)
    required_hours: Hours = Field(ge=0)
    started_on: date
    completed_on: date
    completed_at: AwareDatetime


class PlacementWithdrawn(_PlacementEvent):
    """The returner left an open placement before completing it."""

    event_type: ClassVar[str] = "returners.placement.withdrawn.v1"

    vacancy_id: UUID
    reason: PlacementWithdrawalReason
    started: bool = Field(description="Whether the placement had started")
    total_hours: Hours = Field(ge=0, description="Effective hours logged by then")
    required_hours: Hours = Field(ge=0)
    withdrawn_at: AwareDatetime


class ReturnerReregistered(_PlacementEvent):
    """The regulator restored the returner to the register."""

    event_type: ClassVar[str] = "returners.returner.reregistered.v1"

    applied_on: date = Field(description="When the returner applied for restoration")
    decided_on: date = Field(description="When the regulator restored them")
    reported_by: ReregistrationReportedBy
    recorded_at: AwareDatetime

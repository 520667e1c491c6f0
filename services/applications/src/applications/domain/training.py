"""A placement as its applicant sees it, derived from the training service's facts: which
stage it has reached, where each condition stands, and the hours so far against the
updating requirement. No I/O.

The stage is derived rather than stepped, so it is right whatever order the facts are
recorded in: re-registration outranks completion, completion outranks a start, a start
outranks the conditions; an offer withdrawn (a condition not met) or a placement left ends
the placement where it stood.
"""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from returners_platform.contracts.vocabulary import (
    ConditionStatus,
    PlacementCondition,
    ReregistrationDecision,
)

HOURS_IN_A_DAY = 7  # a day of updating is 7 hours


class PlacementStage(StrEnum):
    CONDITIONS = "conditions"  # opened: conditions to complete
    READY_TO_START = "ready_to_start"  # every condition met
    OFFER_WITHDRAWN = "offer_withdrawn"  # a condition not met: the offer was withdrawn
    STARTED = "started"
    WITHDRAWN = "withdrawn"  # the returner left the placement
    COMPLETED = "completed"
    REREGISTERED = "reregistered"


@dataclass(frozen=True)
class PlacementFacts:
    """When each of the placement's facts was recorded (None: not yet)."""

    conditions_met_at: datetime | None = None
    offer_withdrawn_at: datetime | None = None
    started_at: datetime | None = None
    withdrawn_at: datetime | None = None
    completed_at: datetime | None = None
    reregistered_at: datetime | None = None


def stage(facts: PlacementFacts) -> PlacementStage:
    if facts.reregistered_at is not None:
        return PlacementStage.REREGISTERED
    if facts.completed_at is not None:
        return PlacementStage.COMPLETED
    if facts.offer_withdrawn_at is not None:
        return PlacementStage.OFFER_WITHDRAWN
    if facts.withdrawn_at is not None:
        return PlacementStage.WITHDRAWN
    if facts.started_at is not None:
        return PlacementStage.STARTED
    if facts.conditions_met_at is not None:
        return PlacementStage.READY_TO_START
    return PlacementStage.CONDITIONS


def outcome_at(facts: PlacementFacts) -> datetime | None:
    """When the placement reached the outcome its stage is (None while it runs)."""
    return {
        PlacementStage.REREGISTERED: facts.reregistered_at,
        PlacementStage.COMPLETED: facts.completed_at,
        PlacementStage.OFFER_WITHDRAWN: facts.offer_withdrawn_at,
        PlacementStage.WITHDRAWN: facts.withdrawn_at,
    }.get(stage(facts))


@dataclass(frozen=True)
class Condition:
    condition: PlacementCondition
    status: ConditionStatus
    reason: str | None = None  # why not met (ConditionNotMetReason), else None
    recorded_at: datetime | None = None


def conditions(
    opened_with: list[PlacementCondition], recorded: dict[str, dict[str, str | None]]
) -> list[Condition]:
    """Every condition the placement opened with, in its order, each as last recorded
    (pending until then)."""
    found = []
    for condition in opened_with:
        latest = recorded.get(condition.value) or {}
        at = latest.get("recorded_at")
        found.append(
            Condition(
                condition,
                ConditionStatus(latest.get("status") or ConditionStatus.PENDING),
                latest.get("reason"),
                datetime.fromisoformat(at) if at else None,
            )
        )
    return found


@dataclass(frozen=True)
class Hours:
    """Hours so far against the updating requirement."""

    logged: float
    required: float

    @property
    def remaining(self) -> float:
        return max(self.required - self.logged, 0.0)

    @property
    def met(self) -> bool:
        return self.logged >= self.required

    @property
    def days_logged(self) -> float:
        """The hours as days of updating (7 hours a day), to a tenth of a day."""
        return round(self.logged / HOURS_IN_A_DAY, 1)


@dataclass(frozen=True)
class Reregistration:
    """The returner's application for restoration to the register, as they reported it: the
    regulator's decision so far, and when it was made (none while pending)."""

    applied_on: date
    decision: ReregistrationDecision
    decided_on: date | None


def check_reregistration(reported: Reregistration, today: date) -> list[tuple[str, str]]:
    """What is wrong with a reported restoration, as (field, message) pairs."""
    wrong = []
    if reported.applied_on > today:
        wrong.append(("applied_on", "is in the future"))
    if reported.decided_on is not None:
        if reported.decided_on > today:
            wrong.append(("decided_on", "is in the future"))
        if reported.decided_on < reported.applied_on:
            wrong.append(("decided_on", "is before applied_on"))
    return wrong


# A decision a later report may replace, and the decisions that may replace it: a pending
# application is decided, a refusal may be followed by a restoration; a restoration is final.
_MAY_FOLLOW = {
    ReregistrationDecision.PENDING: {
        ReregistrationDecision.REFUSED,
        ReregistrationDecision.RESTORED,
    },
    ReregistrationDecision.REFUSED: {ReregistrationDecision.RESTORED},
    ReregistrationDecision.RESTORED: set(),
}


class Change(StrEnum):
    NEW = "new"  # the first report, or one that moves the decision on: recorded, published
    SAME = "same"  # the report recorded already: nothing new
    REFUSED = "refused"  # contradicts the report recorded (a restoration is final)


def reregistration_change(recorded: Reregistration | None, reported: Reregistration) -> Change:
    """What a report makes of the one recorded (None: none yet)."""
    if recorded is None:
        return Change.NEW
    if reported == recorded:
        return Change.SAME
    if reported.decision in _MAY_FOLLOW[recorded.decision]:
        return Change.NEW
    return Change.REFUSED

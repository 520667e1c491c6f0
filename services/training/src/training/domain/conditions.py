"""A placement's conditions and what they add up to: every one met, one not met, or still
waiting."""

from collections.abc import Mapping
from dataclasses import dataclass

from returners_platform.contracts.vocabulary import (
    ConditionNotMetReason,
    ConditionStatus,
    PlacementCondition,
    ReferenceNumber,
    ReferenceOutcome,
)

CONDITIONS: tuple[PlacementCondition, ...] = tuple(PlacementCondition)


@dataclass(frozen=True)
class Condition:
    status: ConditionStatus
    reason: ConditionNotMetReason | None = None


@dataclass(frozen=True)
class Waiting:
    """Some condition is still pending."""


@dataclass(frozen=True)
class AllMet:
    """Every condition is met: the placement may start."""


@dataclass(frozen=True)
class NotMet:
    """A condition was not met: the offer is withdrawn."""

    condition: PlacementCondition
    reason: ConditionNotMetReason | None


Outcome = Waiting | AllMet | NotMet


def outcome(conditions: Mapping[PlacementCondition, Condition]) -> Outcome:
    """Any condition not met decides (the first in the fixed order, so the answer is the same
    whatever order they were recorded in); else all met; else waiting. A condition missing
    from ``conditions`` counts as pending."""
    for code in CONDITIONS:
        found = conditions.get(code)
        if found is not None and found.status == ConditionStatus.NOT_MET:
            return NotMet(code, found.reason)
    if all(
        (c := conditions.get(code)) is not None and c.status == ConditionStatus.MET
        for code in CONDITIONS
    ):
        return AllMet()
    return Waiting()


def from_references(answers: Mapping[ReferenceNumber, ReferenceOutcome]) -> Condition | None:
    """The ``references`` condition from the referees' answers so far: not met as soon as one
    is unsatisfactory; met once both are in and satisfactory; None (nothing to record yet)
    while one is still awaited."""
    if ReferenceOutcome.UNSATISFACTORY in answers.values():
        return Condition(ConditionStatus.NOT_MET, ConditionNotMetReason.UNSATISFACTORY_REFERENCE)
    if all(answers.get(n) == ReferenceOutcome.SATISFACTORY for n in ReferenceNumber):
        return Condition(ConditionStatus.MET)
    return None

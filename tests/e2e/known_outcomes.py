"""The history an end-to-end test drove, kept by the test as it drives it, and the outcome
report that history must give (SPEC, "Contract details"; services/reporting/README.md,
"Outcome report"), worked out here from the test's own record, never from the service's
answer.

One ``KnownPlacement`` per accepted offer (a placement is an accepted offer's training): the
test writes down each fact the services accepted (the offer withdrawn for a condition, the
start, every hours entry with its id and what it corrects, the completion, the withdrawal,
the restoration to the register, the hire), and ``expected_outcome_report`` counts them.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from statistics import median
from typing import Any

from returners_platform.contracts.vocabulary import (
    ConditionNotMetReason,
    HoursKind,
    PlacementCondition,
    PlacementWithdrawalReason,
)

# The report's keys of the bands of time out of practice the programme reports.
BANDS = ("2-5", "5-10")


@dataclass(frozen=True)
class Entry:
    kind: str
    hours: float
    supersedes: str | None = None


@dataclass
class KnownPlacement:
    application_id: str
    council_id: str
    region: str
    band: str  # "2-5" or "5-10"
    offer_withdrawn: tuple[str, str] | None = None  # (condition, why it was not met)
    started_on: date | None = None
    completed_on: date | None = None
    withdrawal_reason: str | None = None
    reregistered: bool = False
    hired: bool = False
    entries: dict[str, Entry] = field(default_factory=dict)  # by entry id

    def log(self, entry_id: str, entry: Entry) -> None:
        assert entry_id not in self.entries, entry_id
        self.entries[entry_id] = entry

    def effective_hours(self) -> dict[str, float]:
        """Hours by kind of the entries no correction supersedes."""
        superseded = {e.supersedes for e in self.entries.values() if e.supersedes is not None}
        totals: dict[str, float] = {}
        for entry_id, entry in self.entries.items():
            if entry_id not in superseded:
                totals[entry.kind] = totals.get(entry.kind, 0.0) + entry.hours
        return totals

    @property
    def days_to_complete(self) -> int | None:
        if self.completed_on is None or self.started_on is None:
            return None
        return (self.completed_on - self.started_on).days


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def figures(placements: Sequence[KnownPlacement]) -> dict[str, Any]:
    started = sum(p.started_on is not None for p in placements)
    completed = sum(p.completed_on is not None for p in placements)
    reregistered = sum(p.reregistered for p in placements)
    days = [p.days_to_complete for p in placements if p.days_to_complete is not None]
    return {
        "opened": len(placements),
        "offers_withdrawn": sum(p.offer_withdrawn is not None for p in placements),
        "started": started,
        "completed": completed,
        "withdrawn": sum(p.withdrawal_reason is not None for p in placements),
        "reregistered": reregistered,
        "hired": sum(p.hired for p in placements),
        "completion_rate": _rate(completed, started),
        "reregistration_rate": _rate(reregistered, completed),
        "median_days_to_complete": float(median(days)) if days else None,
    }


def _tally(values: Iterable[str | None], vocabulary: Iterable[str]) -> dict[str, int]:
    tally = dict.fromkeys(vocabulary, 0)
    for value in values:
        if value is not None:
            tally[value] += 1
    return tally


def expected_outcome_report(
    programme_id: str, placements: Sequence[KnownPlacement], council_names: dict[str, str]
) -> dict[str, Any]:
    """``GET /reports/programmes/{programme_id}/outcomes`` as the known history makes it."""

    def having(key: str, value: str) -> list[KnownPlacement]:
        return [p for p in placements if getattr(p, key) == value]

    hours = dict.fromkeys((kind.value for kind in HoursKind), 0.0)
    for placement in placements:
        for kind, n in placement.effective_hours().items():
            hours[kind] += n
    return {
        "programme_id": programme_id,
        **figures(placements),
        "by_band": {band: figures(having("band", band)) for band in BANDS},
        "by_region": {
            region: figures(having("region", region))
            for region in sorted({p.region for p in placements})
        },
        "by_council": {
            council_id: {
                "name": council_names[council_id],
                **figures(having("council_id", council_id)),
            }
            for council_id in sorted({p.council_id for p in placements})
        },
        "withdrawals_by_reason": _tally(
            (p.withdrawal_reason for p in placements), (r.value for r in PlacementWithdrawalReason)
        ),
        "offers_withdrawn_by_condition": _tally(
            (p.offer_withdrawn[0] for p in placements if p.offer_withdrawn),
            (c.value for c in PlacementCondition),
        ),
        "offers_withdrawn_by_reason": _tally(
            (p.offer_withdrawn[1] for p in placements if p.offer_withdrawn),
            (r.value for r in ConditionNotMetReason),
        ),
        "hours_by_kind": {kind: round(n, 4) for kind, n in hours.items()},
    }

"""Figures computed from many outcomes: duration percentiles and reason tallies (pure)."""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from returners_platform.contracts.eligibility_rules import SOCIAL_WORK_REASONS
from returners_platform.contracts.vocabulary import SelectionReason


def percentile(ordered: Sequence[float], q: float) -> float:
    """The q-quantile (0..1) of ascending values, interpolating linearly between ranks.

    The same definition as PostgreSQL's ``percentile_cont`` and numpy's default.
    """
    if not ordered:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 1:
        raise ValueError(f"quantile {q} outside 0..1")
    position = (len(ordered) - 1) * q
    lower, upper = math.floor(position), math.ceil(position)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


@dataclass(frozen=True)
class DurationSummary:
    count: int
    median_days: float | None
    p90_days: float | None


def summarise_durations(days: Iterable[float]) -> DurationSummary:
    ordered = sorted(days)
    if not ordered:
        return DurationSummary(count=0, median_days=None, p90_days=None)
    return DurationSummary(
        count=len(ordered),
        median_days=round(percentile(ordered, 0.5), 4),
        p90_days=round(percentile(ordered, 0.9), 4),
    )


def rejection_tally(counts: Mapping[str, int]) -> dict[str, int]:
    """Applications rejected at selection per failed rule: every such rule, zero if none."""
    tally = {
        reason.value: 0
        for reason in SelectionReason
        if reason != SelectionReason.NOT_RANKED_WITHIN_PLACES
    }
    for reason, count in counts.items():
        tally[reason] = tally.get(reason, 0) + count
    return tally


def reason_tally(counts: Mapping[str, int], applied: str | None = None) -> dict[str, int]:
    """Ineligible applications per failed rule: every rule the programme applies (``applied``,
    its codes comma-separated; social work's seven where not known), zero if none, and any
    other code counted."""
    names = applied.split(",") if applied else [reason.value for reason in SOCIAL_WORK_REASONS]
    tally = dict.fromkeys(names, 0)
    for reason, count in counts.items():
        tally[reason] = tally.get(reason, 0) + count
    return tally

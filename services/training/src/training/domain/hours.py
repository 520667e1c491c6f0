"""Hours towards the updating requirement: entries, corrections that supersede them, the
effective totals, and when a placement is complete."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from returners_platform.contracts.vocabulary import HoursKind, HoursLoggedBy

HOURS_PER_DAY = 7  # a day of updating (Social Work England: 30 days = 210 hours)
MAX_HOURS_PER_ENTRY = 24


def required_hours(updating_days: int) -> float:
    return float(updating_days * HOURS_PER_DAY)


@dataclass(frozen=True)
class Entry:
    entry_id: UUID
    kind: HoursKind
    hours: float
    worked_on: date
    supersedes: UUID | None
    logged_by: HoursLoggedBy
    logged_at: datetime


def effective(entries: Iterable[Entry]) -> list[Entry]:
    """The entries that count: those no other entry supersedes (the last of each chain of
    corrections), in the order worked, then logged."""
    entries = list(entries)
    superseded = {e.supersedes for e in entries if e.supersedes is not None}
    return sorted(
        (e for e in entries if e.entry_id not in superseded),
        key=lambda e: (e.worked_on, e.logged_at, str(e.entry_id)),
    )


def by_kind(entries: Iterable[Entry]) -> dict[HoursKind, float]:
    """Effective hours of every kind (each kind present, zero when none)."""
    totals = dict.fromkeys(HoursKind, 0.0)
    for entry in effective(entries):
        totals[entry.kind] += entry.hours
    return totals


def total(entries: Iterable[Entry]) -> float:
    return sum(by_kind(entries).values())


def requirement_met(total_hours: float, required: float) -> bool:
    return total_hours + 1e-9 >= required


def is_complete(*, ended: bool, total_hours: float, required: float) -> bool:
    """A placement completes when it has ended and its effective hours meet the requirement."""
    return ended and requirement_met(total_hours, required)


# Who may log which kinds: the training provider runs the workshops and interview preparation.
PROVIDER_KINDS: frozenset[HoursKind] = frozenset(
    {HoursKind.WORKSHOP, HoursKind.INTERVIEW_PREPARATION}
)


def may_log(who: HoursLoggedBy, kind: HoursKind) -> bool:
    return who != HoursLoggedBy.PROVIDER or kind in PROVIDER_KINDS

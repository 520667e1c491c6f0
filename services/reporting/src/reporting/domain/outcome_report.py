"""The programme's outcome report from its placements' rows: pure arithmetic, no I/O.

The store hands back one ``PlacementRow`` per counted placement (``placement_outcomes``,
with the region completed from the vacancy and the council's name); everything else here
is counting. Every table of the report is also served as CSV (``table``), from the very
report the JSON answers with, so the two cannot differ.
"""

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from uuid import UUID

from reporting.domain.figures import percentile
from reporting.domain.outcomes import Band
from reporting.domain.views import CouncilOutcomes, OutcomeFigures, OutcomeReport
from returners_platform.contracts.vocabulary import (
    ConditionNotMetReason,
    HoursKind,
    PlacementCondition,
    PlacementWithdrawalReason,
)

# The bands the programme's evaluation always reports (others appear when the data has them).
REPORTED_BANDS = (Band.FROM_2_TO_5, Band.FROM_5_TO_10)
# The report's keys for the bands, as the programme's evaluation writes them (SPEC).
BAND_KEYS = {
    Band.UNDER_2: "0-2",
    Band.FROM_2_TO_5: "2-5",
    Band.FROM_5_TO_10: "5-10",
    Band.FROM_10: "10+",
    Band.UNDECIDED: "undecided",
}
UNKNOWN_REGION = "unknown"
RATE_DECIMALS = 4


@dataclass(frozen=True)
class PlacementRow:
    """One counted placement of a programme, as the report reads it."""

    placement_id: UUID
    council_id: UUID
    council_name: str | None
    band: str
    region: str | None
    offer_withdrawn_condition: str | None
    offer_withdrawn_reason: str | None
    started: bool
    completed: bool
    days_to_complete: int | None
    withdrawal_reason: str | None
    reregistered: bool
    hired: bool
    hours_by_kind: dict[str, float] = field(default_factory=dict)


def rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, RATE_DECIMALS) if denominator else None


def median(values: Iterable[int]) -> float | None:
    """The exact median (the mean of the middle two of an even count); None of nothing."""
    ordered = sorted(values)
    return float(percentile(ordered, 0.5)) if ordered else None


def figures(rows: Sequence[PlacementRow]) -> OutcomeFigures:
    started = sum(r.started for r in rows)
    completed = sum(r.completed for r in rows)
    reregistered = sum(r.reregistered for r in rows)
    return OutcomeFigures(
        opened=len(rows),
        offers_withdrawn=sum(r.offer_withdrawn_condition is not None for r in rows),
        started=started,
        completed=completed,
        withdrawn=sum(r.withdrawal_reason is not None for r in rows),
        reregistered=reregistered,
        hired=sum(r.hired for r in rows),
        completion_rate=rate(completed, started),
        reregistration_rate=rate(reregistered, completed),
        median_days_to_complete=median(
            r.days_to_complete for r in rows if r.completed and r.days_to_complete is not None
        ),
    )


def _groups(
    rows: Sequence[PlacementRow], key: Callable[[PlacementRow], Any]
) -> dict[Any, list[PlacementRow]]:
    groups: dict[Any, list[PlacementRow]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return groups


def _tally(values: Iterable[str | None], vocabulary: Iterable[str]) -> dict[str, int]:
    tally = dict.fromkeys(vocabulary, 0)
    for value in values:
        if value is not None:
            tally[value] = tally.get(value, 0) + 1
    return tally


def outcome_report(programme_id: str, rows: Sequence[PlacementRow]) -> OutcomeReport:
    band_order = list(Band)
    bands = _groups(rows, lambda r: Band(r.band))
    for band in REPORTED_BANDS:
        bands.setdefault(band, [])
    regions = _groups(rows, lambda r: r.region)
    councils = _groups(rows, lambda r: (r.council_id, r.council_name))
    hours = {kind.value: 0.0 for kind in HoursKind}
    for row in sorted(rows, key=lambda r: str(r.placement_id)):
        for kind, n in sorted(row.hours_by_kind.items()):
            hours[kind] = hours.get(kind, 0.0) + n
    return OutcomeReport(
        programme_id=programme_id,
        **figures(rows).model_dump(),
        by_band={
            BAND_KEYS[band]: figures(group)
            for band, group in sorted(bands.items(), key=lambda item: band_order.index(item[0]))
        },
        by_region={
            region or UNKNOWN_REGION: figures(group)
            for region, group in sorted(
                regions.items(), key=lambda item: (item[0] is None, item[0] or "")
            )
        },
        by_council={
            str(council_id): CouncilOutcomes(name=name, **figures(group).model_dump())
            for (council_id, name), group in sorted(
                councils.items(),
                key=lambda item: (item[0][1] is None, item[0][1] or "", str(item[0][0])),
            )
        },
        withdrawals_by_reason=_tally(
            (r.withdrawal_reason for r in rows), (w.value for w in PlacementWithdrawalReason)
        ),
        offers_withdrawn_by_condition=_tally(
            (r.offer_withdrawn_condition for r in rows), (c.value for c in PlacementCondition)
        ),
        offers_withdrawn_by_reason=_tally(
            (r.offer_withdrawn_reason for r in rows if r.offer_withdrawn_condition is not None),
            (c.value for c in ConditionNotMetReason),
        ),
        hours_by_kind={kind: round(n, RATE_DECIMALS) for kind, n in hours.items()},
    )


# -- the report's tables, each also served as CSV ----------------------------------------


class OutcomeTable(StrEnum):
    SUMMARY = "summary"
    BY_BAND = "by-band"
    BY_REGION = "by-region"
    BY_COUNCIL = "by-council"
    WITHDRAWALS = "withdrawals"
    OFFERS_WITHDRAWN_BY_CONDITION = "offers-withdrawn-by-condition"
    OFFERS_WITHDRAWN_BY_REASON = "offers-withdrawn-by-reason"
    HOURS = "hours"


FIGURE_COLUMNS: tuple[str, ...] = tuple(OutcomeFigures.model_fields)

Table = tuple[list[str], list[list[Any]]]


def _figure_cells(f: OutcomeFigures) -> list[Any]:
    return [getattr(f, c) for c in FIGURE_COLUMNS]


def table(report: OutcomeReport, name: OutcomeTable) -> Table:
    """One table of the report: its header and rows, the same numbers as the JSON."""
    match name:
        case OutcomeTable.SUMMARY:
            return [*FIGURE_COLUMNS], [_figure_cells(report)]
        case OutcomeTable.BY_BAND:
            return ["band", *FIGURE_COLUMNS], [
                [band, *_figure_cells(f)] for band, f in report.by_band.items()
            ]
        case OutcomeTable.BY_REGION:
            return ["region", *FIGURE_COLUMNS], [
                [region, *_figure_cells(f)] for region, f in report.by_region.items()
            ]
        case OutcomeTable.BY_COUNCIL:
            return ["council_id", "name", *FIGURE_COLUMNS], [
                [council_id, c.name, *_figure_cells(c)]
                for council_id, c in report.by_council.items()
            ]
        case OutcomeTable.WITHDRAWALS:
            return ["reason", "placements"], [
                [k, n] for k, n in report.withdrawals_by_reason.items()
            ]
        case OutcomeTable.OFFERS_WITHDRAWN_BY_CONDITION:
            return ["condition", "offers"], [
                [k, n] for k, n in report.offers_withdrawn_by_condition.items()
            ]
        case OutcomeTable.OFFERS_WITHDRAWN_BY_REASON:
            return ["reason", "offers"], [
                [k, n] for k, n in report.offers_withdrawn_by_reason.items()
            ]
        case OutcomeTable.HOURS:
            return ["kind", "hours"], [[k, n] for k, n in report.hours_by_kind.items()]
    raise ValueError(f"unknown table {name!r}")


def to_csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """RFC 4180 CSV (CRLF line ends); an unknown value (null) is an empty cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return out.getvalue()

"""What the report routes (and the gauges) do: query the read models, finish the figures."""

from collections import defaultdict
from dataclasses import asdict

from reporting.domain.figures import reason_tally, rejection_tally, summarise_durations
from reporting.domain.outcome_report import OutcomeTable, outcome_report, table, to_csv
from reporting.domain.views import (
    Breakdown,
    BreakdownRow,
    CouncilBreakdown,
    CouncilRow,
    DaySubmissions,
    Duration,
    Funnel,
    OutcomeReport,
    ProgrammeSummary,
    SubmissionsPerDay,
    Timings,
)
from reporting.store import Connection, reports
from reporting.store.reports import Dimension


async def programmes(conn: Connection) -> list[ProgrammeSummary]:
    return [ProgrammeSummary(**asdict(p)) for p in await reports.programmes(conn)]


async def funnel(conn: Connection, programme_id: str) -> Funnel | None:
    if not await reports.is_known(conn, programme_id):
        return None
    counts = await reports.funnel_counts(conn, programme_id)
    reasons = {reason: n for _, reason, n in await reports.ineligible_reasons(conn, programme_id)}
    published = await reports.programme(conn, programme_id)
    rejected = await reports.rejection_reasons(conn, programme_id)
    return Funnel(
        **counts,
        ineligible_by_reason=reason_tally(reasons, published.reasons if published else None),
        rejected_by_reason=rejection_tally(rejected),
        places=published.places if published else None,
    )


async def breakdown(conn: Connection, programme_id: str, dimension: Dimension) -> Breakdown | None:
    if not await reports.is_known(conn, programme_id):
        return None
    reasons: dict[str | None, dict[str, int]] = defaultdict(dict)
    for group, reason, n in await reports.ineligible_reasons(conn, programme_id, dimension):
        reasons[group][reason] = n
    published = await reports.programme(conn, programme_id)
    applied = published.reasons if published else None
    rows = [
        BreakdownRow(
            group=group.key,
            ineligible_by_reason=reason_tally(reasons[group.key], applied),
            **group.counts,
        )
        for group in await reports.breakdown(conn, programme_id, dimension)
    ]
    return Breakdown(programme_id=programme_id, dimension=dimension, rows=rows)


async def by_council(conn: Connection, programme_id: str) -> CouncilBreakdown | None:
    if not await reports.is_known(conn, programme_id):
        return None
    rows = [
        CouncilRow(council_id=c.council_id, name=c.name, **c.counts)
        for c in await reports.by_council(conn, programme_id)
    ]
    return CouncilBreakdown(programme_id=programme_id, rows=rows)


async def timings(conn: Connection, programme_id: str) -> Timings | None:
    if not await reports.is_known(conn, programme_id):
        return None
    to_offer, to_hire = await reports.durations(conn, programme_id)
    return Timings(
        programme_id=programme_id,
        time_to_offer=Duration(**vars(summarise_durations(to_offer))),
        time_to_hire=Duration(**vars(summarise_durations(to_hire))),
    )


async def submissions_per_day(conn: Connection, programme_id: str) -> SubmissionsPerDay | None:
    if not await reports.is_known(conn, programme_id):
        return None
    days = await reports.submissions_per_day(conn, programme_id)
    return SubmissionsPerDay(
        programme_id=programme_id,
        days=[DaySubmissions(date=day, submitted=n) for day, n in days],
    )


async def outcomes(conn: Connection, programme_id: str) -> OutcomeReport | None:
    if not await reports.is_known(conn, programme_id):
        return None
    return outcome_report(programme_id, await reports.placements(conn, programme_id))


async def outcomes_csv(conn: Connection, programme_id: str, name: OutcomeTable) -> str | None:
    """One table of the outcome report as CSV (from the same report as the JSON)."""
    report = await outcomes(conn, programme_id)
    return None if report is None else to_csv(*table(report, name))

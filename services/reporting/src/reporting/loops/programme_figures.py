"""The programme figures as Prometheus gauges on the API's ``/metrics``, refreshed by a
background loop (a scrape cannot await the database)."""

import asyncpg
import structlog

from reporting import metrics
from reporting.domain.outcomes import london_date
from reporting.domain.views import Funnel, Timings
from reporting.use_cases import reports
from returners_platform.clock import Clock

log = structlog.get_logger(__name__)

STAGES = (
    "submitted",
    "eligible",
    "ineligible",
    "offered",
    "accepted",
    "declined",
    "expired",
    "hired",
    "withdrawn",
)


async def refresh_figures(pool: asyncpg.Pool, clock: Clock) -> None:
    """One pass of the programme-figures job (scheduled with ``runtime.every``); a database
    that does not answer leaves the last figures and is tried again on the next pass."""
    try:
        figures = await _read_figures(pool, clock)
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        log.warning("figures_refresh_failed", error=repr(exc))
        return
    _export(figures)


async def _read_figures(pool: asyncpg.Pool, clock: Clock) -> list[tuple[str, Funnel, Timings, int]]:
    figures: list[tuple[str, Funnel, Timings, int]] = []
    today = london_date(clock())
    async with pool.acquire() as conn:
        for summary in await reports.programmes(conn):
            pid = summary.programme_id
            funnel = await reports.funnel(conn, pid)
            timings = await reports.timings(conn, pid)
            per_day = await reports.submissions_per_day(conn, pid)
            if funnel is not None and timings is not None and per_day is not None:
                today_count = sum(d.submitted for d in per_day.days if d.date == today)
                figures.append((pid, funnel, timings, today_count))
    return figures


def _export(figures: list[tuple[str, Funnel, Timings, int]]) -> None:
    """Replace every programme gauge's samples at once (no await in between)."""
    for gauge in (
        metrics.FUNNEL,
        metrics.INELIGIBLE_BY_REASON,
        metrics.PLACES,
        metrics.PLACES_FILLED,
        metrics.DAYS_TO,
        metrics.SUBMISSIONS_TODAY,
    ):
        gauge.clear()
    for pid, funnel, timings, today in figures:
        for stage in STAGES:
            metrics.FUNNEL.labels(pid, stage).set(getattr(funnel, stage))
        for reason, n in funnel.ineligible_by_reason.items():
            metrics.INELIGIBLE_BY_REASON.labels(pid, reason).set(n)
        if funnel.places is not None:
            metrics.PLACES.labels(pid).set(funnel.places)
        metrics.PLACES_FILLED.labels(pid).set(funnel.places_filled)
        for milestone, duration in (
            ("offer", timings.time_to_offer),
            ("hire", timings.time_to_hire),
        ):
            for quantile, value in (("0.5", duration.median_days), ("0.9", duration.p90_days)):
                if value is not None:
                    metrics.DAYS_TO.labels(pid, milestone, quantile).set(value)
        metrics.SUBMISSIONS_TODAY.labels(pid).set(today)

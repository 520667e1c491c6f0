"""``/reports/...``: every projection as JSON (operations token)."""

import re
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from fastapi import Response

from reporting.api.deps import ConnectionDep
from reporting.api.schemas import (
    Breakdown,
    CouncilBreakdown,
    Funnel,
    OutcomeReport,
    ProgrammeSummary,
    SubmissionsPerDay,
    Timings,
)
from reporting.domain.outcome_report import OutcomeTable
from reporting.store.reports import DIMENSIONS, Dimension
from reporting.use_cases import reports
from returners_platform.errors import found
from returners_platform.service.deps import operations_router
from returners_platform.service.problems import responses

router = operations_router("/reports", tags=["reports"])
UNKNOWN = responses({404: "No event has mentioned this programme"})

T = TypeVar("T")


async def _found(result: Awaitable[T | None]) -> T:
    return found(await result, "unknown programme")


@router.get("/programmes")
async def programmes(conn: ConnectionDep) -> list[ProgrammeSummary]:
    return await reports.programmes(conn)


@router.get("/programmes/{programme_id}/funnel", responses=UNKNOWN)
async def funnel(programme_id: str, conn: ConnectionDep) -> Funnel:
    return await _found(reports.funnel(conn, programme_id))


def _breakdown_route(dimension: Dimension) -> Callable[[str, ConnectionDep], Awaitable[Breakdown]]:
    async def route(programme_id: str, conn: ConnectionDep) -> Breakdown:
        return await _found(reports.breakdown(conn, programme_id, dimension))

    route.__name__ = f"by_{dimension}"
    return route


for _dimension in DIMENSIONS:
    router.add_api_route(
        f"/programmes/{{programme_id}}/by-{_dimension}",
        _breakdown_route(_dimension),
        methods=["GET"],
        response_model=Breakdown,
        responses=UNKNOWN,
        summary=f"The funnel by {_dimension}",
    )


@router.get("/programmes/{programme_id}/by-council", responses=UNKNOWN)
async def by_council(programme_id: str, conn: ConnectionDep) -> CouncilBreakdown:
    return await _found(reports.by_council(conn, programme_id))


@router.get("/programmes/{programme_id}/timings", responses=UNKNOWN)
async def timings(programme_id: str, conn: ConnectionDep) -> Timings:
    return await _found(reports.timings(conn, programme_id))


@router.get(
    "/programmes/{programme_id}/submissions-per-day",
    responses=UNKNOWN,
)
async def submissions_per_day(programme_id: str, conn: ConnectionDep) -> SubmissionsPerDay:
    return await _found(reports.submissions_per_day(conn, programme_id))


@router.get(
    "/programmes/{programme_id}/outcomes",
    responses=UNKNOWN,
    summary="The programme's outcomes: started, completed, re-registered and hired",
)
async def outcomes(programme_id: str, conn: ConnectionDep) -> OutcomeReport:
    """Placements started, completed, withdrawn, re-registered and hired, with the rates and
    the median days to complete: in total, by time-out-of-practice band, by region and by
    council; placement withdrawals by reason; offers withdrawn for conditions not met, by
    condition and by reason; effective hours logged by kind. Each table is also served as
    CSV at ``/outcomes/{table}.csv``."""
    return await _found(reports.outcomes(conn, programme_id))


CSV_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "The table as CSV (RFC 4180)"}
}


@router.get(
    "/programmes/{programme_id}/outcomes/{table}.csv",
    responses={**CSV_ANSWER, **UNKNOWN},
    response_class=Response,
    summary="One table of the outcome report as CSV",
)
async def outcomes_csv(programme_id: str, table: OutcomeTable, conn: ConnectionDep) -> Response:
    """The same numbers as the JSON report's table of that name (``summary``: its totals;
    an unknown value is an empty cell)."""
    text = await _found(reports.outcomes_csv(conn, programme_id, table))
    filename = re.sub(r"[^A-Za-z0-9._-]", "_", f"{programme_id}-outcomes-{table}.csv")
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )

"""The equality report, for operations staff: outcomes by each monitoring answer, in
aggregate only, every count under 5 suppressed and no total left that would give one away;
as JSON, or as CSV with ``?format=csv``."""

from typing import Annotated, Literal

from fastapi import Query, Response

from applications.api.deps import UnitOfWorkDep
from applications.api.schemas import EqualityReportView
from applications.domain.equality import as_csv
from applications.use_cases.equality import equality_report
from returners_platform.service.deps import operations_router
from returners_platform.service.problems import responses

router = operations_router("/admin/programmes", tags=["equality"])

CSV_EXAMPLE = (
    "question,answer,applied,awaiting_eligibility,ineligible,...\r\nsex,female,42,[c],[c],...\r\n"
)


@router.get(
    "/{programme_id}/equality",
    response_model=EqualityReportView,
    responses={
        200: {
            "description": "The report: JSON, or CSV with `?format=csv` (one line per question "
            "and answer, then the question's total; `[c]` for a suppressed count)",
            "content": {"text/csv": {"schema": {"type": "string"}, "example": CSV_EXAMPLE}},
        },
        **responses({404: "No such programme"}),
    },
    summary="Outcomes by equality monitoring answer (aggregate, counts under 5 suppressed)",
)
async def read(
    programme_id: str,
    uow: UnitOfWorkDep,
    format: Annotated[
        Literal["json", "csv"], Query(description="`csv` for the same table as CSV")
    ] = "json",
) -> EqualityReportView | Response:
    found = await equality_report(uow, programme_id)
    if format == "csv":
        return Response(
            as_csv(found),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="equality-{programme_id}.csv"'},
        )
    return EqualityReportView.of(found)

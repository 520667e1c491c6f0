"""A council's hours file (text/csv, ``application_id,on,hours,kind[,note]``): the good rows
saved, each bad row reported by its line and field."""

from fastapi import HTTPException, Request

from returners_platform.service import csv_upload
from returners_platform.service.deps import council_router
from returners_platform.service.problems import FieldError, problem, responses
from training.api.deps import CouncilDep, UnitOfWorkDep
from training.api.schemas import HoursFileLogged, RowProblem
from training.domain import hours_file
from training.use_cases import hours

router = council_router("/councils/{council_id}/hours", tags=["placements"])

_BODY = csv_upload.documented_body(
    "application_id,on,hours,kind\n5b0c6f0e-8d8a-4c53-9d6b-3f1f8c1d2a01,2020-05-05,7,placement\n"
)


@router.post(
    "",
    openapi_extra=_BODY,
    responses=responses(
        {
            415: "Not text/csv",
            422: "No row saved: the header, or every row, refused (each bad row named)",
        }
    ),
    summary="Log many entries from a file; each row on its own (bad rows reported, good saved)",
)
async def log_hours_file(
    council_id: CouncilDep, request: Request, uow: UnitOfWorkDep
) -> HoursFileLogged:
    if csv_upload.media_type(request) != csv_upload.CSV:
        raise HTTPException(415, "send text/csv")
    rows, errors = csv_upload.read_file(await request.body(), hours_file.read)
    logged = await hours.log_file(uow, council_id, rows)
    problems = sorted([*errors, *logged.errors], key=lambda e: e.row)
    if logged.accepted == 0 and problems:
        return problem(  # type: ignore[return-value]
            422,
            "no_rows_saved",
            f"no row saved: {len(problems)} refused",
            errors=[
                FieldError(field=f"line {e.row}.{e.field}", message=e.message, code="invalid_row")
                for e in problems
            ],
        )
    return HoursFileLogged(
        accepted=logged.accepted,
        entries=logged.entries,
        errors=[RowProblem(row=e.row, field=e.field, message=e.message) for e in problems],
    )

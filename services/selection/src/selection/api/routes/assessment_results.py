"""Assessment results from the provider: one as JSON, or a CSV file of many."""

from fastapi import APIRouter, HTTPException, Request
from pydantic import ValidationError

from returners_platform.contracts.vocabulary import ProgrammeId
from returners_platform.errors import NotFound, Refused
from returners_platform.service import csv_upload
from returners_platform.service.problems import responses
from selection.api.deps import OperationsOrPanelMember, UnitOfWorkDep
from selection.api.schemas import AssessmentResult, ResultsRecorded, RowProblem
from selection.domain import results_file
from selection.use_cases import assessment_results

router = APIRouter(tags=["assessment"])

_BODY = csv_upload.documented_body(
    "application_id,score,attempt\n5b0c6f0e-8d8a-4c53-9d6b-3f1f8c1d2a01,72,1\n",
    json_schema=AssessmentResult.model_json_schema(),
)


@router.post(
    "/programmes/{programme_id}/assessment-results",
    openapi_extra=_BODY,
    responses=responses(
        {
            401: "The operations token or a panel member's key of the programme",
            404: "No programme with selection of that id (for this key)",
            409: "The programme's results are out: selection is closed",
            415: "Neither JSON nor CSV",
            422: "A file without the header, or a single result refused",
        }
    ),
    summary="Record assessment results: one (JSON) or a file of many (text/csv); each once",
)
async def record_results(
    programme_id: ProgrammeId,
    request: Request,
    uow: UnitOfWorkDep,
    caller: OperationsOrPanelMember,
) -> ResultsRecorded:
    if caller is not None and caller.programme_id != programme_id:
        raise NotFound("no such programme for this panel member")
    media = csv_upload.media_type(request)
    body = await request.body()
    if media == csv_upload.CSV:
        rows, errors = csv_upload.read_file(body, results_file.read)
        recorded = await assessment_results.record_results(uow, programme_id, rows)
        recorded.errors[:0] = errors
    elif media in (csv_upload.JSON, ""):
        try:
            result = AssessmentResult.model_validate_json(body)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"]) or "body"
            raise Refused("invalid_result", first["msg"], field) from exc
        row = assessment_results.row_of(result.application_id, result.score, result.attempt)
        recorded = assessment_results.single(
            await assessment_results.record_results(uow, programme_id, [row])
        )
    else:
        raise HTTPException(415, "send application/json or text/csv")
    return ResultsRecorded(
        accepted=recorded.accepted,
        duplicates=recorded.duplicates,
        errors=[
            RowProblem.model_validate(e, from_attributes=True)
            for e in sorted(recorded.errors, key=lambda e: e.row)
        ],
    )

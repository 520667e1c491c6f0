"""Applicant portal: submit, read status and timeline, withdraw, erase personal data."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Header, Request, Response, status

from applications.api import conditional
from applications.api.deps import (
    ApplicantToken,
    BearerToken,
    SettingsDep,
    UnitOfWorkDep,
)
from applications.api.rate_limit import SubmissionRateLimit
from applications.api.schemas import (
    ApplicationView,
    ReregistrationReport,
    Submission,
    Submitted,
)
from applications.use_cases import answers, personal_data, submissions, training
from applications.use_cases.status import application_status
from returners_platform.messaging.unit_of_work import single_statement
from returners_platform.service.auth import token_matches, unauthenticated
from returners_platform.service.problems import responses
from returners_platform.service.runtime import Runtime

router = APIRouter(prefix="/applications", tags=["applications"])

AUTH_RESPONSES = responses({401: "No access token", 404: "No such application for this token"})


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=Submitted,
    responses=responses(
        {
            200: "Replay of an earlier request with the same Idempotency-Key",
            409: "Unknown or closed programme",
            413: "Body too large",
            429: "Too many submissions from this client",
        }
    ),
    dependencies=[SubmissionRateLimit],
)
async def submit(
    submission: Submission,
    request: Request,
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", min_length=1, max_length=200)
    ] = None,
) -> Response:
    """Lean, for it is the busiest write: what it needs read from the app's state rather than
    through dependencies, and its answer serialised once (``response_model`` documents it).
    The use case writes in one statement, the Idempotency-Key's row too, committed on its own
    (``single_statement``) before the answer is sent."""
    state = request.app.state
    runtime: Runtime = state.runtime
    async with single_statement(runtime.pool, source=runtime.source, clock=runtime.clock) as uow:
        receipt, created = await submissions.submit_application(
            uow,
            submission,
            idempotency=state.idempotency,
            idempotency_key=idempotency_key,
            windows=state.programme_windows,
        )
    answer = Submitted(application_id=receipt.application_id, access_token=receipt.access_token)
    return Response(
        answer.model_dump_json(),
        status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        media_type="application/json",
    )


# Lean, for applicants poll it while they wait for a decision, in the process that carries
# the decision to them: the runtime, the feedback lookup and the status changes read from
# the app's state rather than through dependencies, and the view serialised once
# (``response_model`` documents it; returned as a model, FastAPI would validate it again
# first). The token stays a dependency: it is checked before the path is, as on every
# applicant route. With ``If-None-Match`` and ``Prefer: wait`` the answer waits for the view
# to change (``api.conditional``). (A comment, not a docstring: a docstring would be the
# operation's description in the OpenAPI document.)
@router.get(
    "/{application_id}",
    response_model=ApplicationView,
    responses=AUTH_RESPONSES
    | {
        304: {
            "description": "Unchanged: the view still has the ETag named in If-None-Match, "
            "now or, with Prefer: wait=N, after N seconds (at most 30)"
        }
    },
)
async def read_status(
    application_id: UUID,
    request: Request,
    token: ApplicantToken,
    if_none_match: Annotated[str | None, Header()] = None,
    prefer: Annotated[str | None, Header()] = None,
) -> Response:
    state = request.app.state
    runtime: Runtime = state.runtime

    async def read() -> bytes:
        view = await application_status(
            runtime.pool, application_id, token, runtime.clock(), state.feedback
        )
        return ApplicationView.of(view).model_dump_json().encode()

    wait = conditional.wait_preference(prefer) if if_none_match else 0.0
    view = await conditional.changed_view(
        read, lambda: state.status_changes.watch(application_id), if_none_match, wait
    )
    headers = {"ETag": view.etag}
    if wait:
        headers["Preference-Applied"] = f"wait={wait:g}"
    if not view.changed:
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(view.body, media_type="application/json", headers=headers)


@router.post(
    "/{application_id}/withdraw",
    responses=responses({409: "Already hired"}, AUTH_RESPONSES),
)
async def withdraw(
    application_id: UUID, uow: UnitOfWorkDep, token: ApplicantToken
) -> ApplicationView:
    return ApplicationView.of(await answers.withdraw(uow, application_id, token))


@router.post(
    "/{application_id}/reregistration",
    status_code=status.HTTP_201_CREATED,
    responses=responses(
        {
            200: "This report was recorded already; nothing new",
            409: "No completed placement, the application withdrawn, or a report that does "
            "not follow the one recorded (pending may become refused or restored, refused "
            "restored; restored is final)",
            422: "A date in the future, decided before applied, or decided_on given while "
            "pending or missing when restored or refused",
        },
        AUTH_RESPONSES,
    ),
    summary="Report the application for restoration to the register and the regulator's "
    "decision so far (reregistration.reported)",
)
async def report_reregistration(
    application_id: UUID,
    body: ReregistrationReport,
    response: Response,
    uow: UnitOfWorkDep,
    token: ApplicantToken,
) -> ApplicationView:
    view, created = await training.report_reregistration(uow, application_id, token, body.reported)
    if not created:
        response.status_code = status.HTTP_200_OK
    return ApplicationView.of(view)


@router.delete(
    "/{application_id}/personal-data",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=AUTH_RESPONSES,
    summary="Erase the applicant's personal data (UK GDPR); statistics stay",
)
async def erase_personal_data(
    application_id: UUID,
    uow: UnitOfWorkDep,
    token: BearerToken,
    settings: SettingsDep,
) -> Response:
    if token is None:
        raise unauthenticated("access token")
    applicant_token = None if token_matches(token, settings.operations_token) else token
    await personal_data.erase_personal_data(uow, application_id, applicant_token)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

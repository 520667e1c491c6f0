"""The applicant portal's drafts: an application answered a part at a time, saved to come
back to by an emailed link, then sent. Every call but the first takes the draft's session."""

from uuid import UUID

from fastapi import APIRouter, Body, Response, status
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from applications.api.deps import ApplicantToken, IdempotencyDep, SettingsDep, UnitOfWorkDep
from applications.api.rate_limit import SubmissionRateLimit
from applications.api.schemas import (
    DraftAnswers,
    DraftOpened,
    DraftView,
    LinkRequested,
    NewDraft,
    ResumeLinkRequest,
    SessionOpened,
)
from applications.use_cases import drafts

router = APIRouter(prefix="/drafts", tags=["drafts"])

RESPONSES: dict[int | str, dict[str, str]] = {
    401: {"description": "No session token"},
    404: {"description": "No such draft for this session, or it has expired"},
}


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=DraftOpened,
    responses={
        409: {"description": "Unknown or closed programme"},
        429: {"description": "Too many from this client"},
    },
    dependencies=[SubmissionRateLimit],
)
async def start(body: NewDraft, uow: UnitOfWorkDep, settings: SettingsDep) -> DraftOpened:
    draft, session = await drafts.start(uow, body.programme_id, body.answers, settings.lifetimes)
    return DraftOpened(
        draft=DraftView.of(draft),
        session_token=session.token,
        session_expires_at=session.expires_at,
    )


@router.get("/{draft_id}", response_model=DraftView, responses=RESPONSES)
async def read(draft_id: UUID, uow: UnitOfWorkDep, token: ApplicantToken) -> DraftView:
    return DraftView.of(await drafts.authorised(uow, draft_id, token))


@router.patch("/{draft_id}", response_model=DraftView, responses=RESPONSES)
async def save(
    draft_id: UUID,
    change: DraftAnswers,
    uow: UnitOfWorkDep,
    token: ApplicantToken,
    settings: SettingsDep,
) -> DraftView:
    return DraftView.of(await drafts.save(uow, draft_id, token, change, settings.draft_days))


@router.post(
    "/{draft_id}/resume-link",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=LinkRequested,
    responses=RESPONSES,
    summary="Save and come back later: email a one-time link to the draft",
)
async def ask_for_link(
    draft_id: UUID,
    body: ResumeLinkRequest,
    uow: UnitOfWorkDep,
    token: ApplicantToken,
    settings: SettingsDep,
) -> LinkRequested:
    await drafts.ask_for_link(uow, draft_id, token, str(body.email), settings.lifetimes)
    return LinkRequested()


@router.post(
    "/{draft_id}/submit",
    status_code=status.HTTP_201_CREATED,
    response_model=SessionOpened,
    responses={**RESPONSES, 409: {"description": "The programme has closed"}},
    summary="Send the draft as an application (its last answers may come with it)",
)
async def send(
    draft_id: UUID,
    uow: UnitOfWorkDep,
    token: ApplicantToken,
    idempotency: IdempotencyDep,
    settings: SettingsDep,
    last_answers: DraftAnswers | None = Body(default=None),
) -> SessionOpened:
    try:
        _, session = await drafts.send(
            uow,
            draft_id,
            token,
            last_answers,
            idempotency=idempotency,
            lifetimes=settings.lifetimes,
        )
    except ValidationError as exc:  # an answer missing or refused: 422 naming each field
        raise RequestValidationError(exc.errors()) from exc
    return SessionOpened.of(session)


@router.delete("/{draft_id}", status_code=status.HTTP_204_NO_CONTENT, responses=RESPONSES)
async def discard(draft_id: UUID, uow: UnitOfWorkDep, token: ApplicantToken) -> Response:
    await drafts.discard(uow, draft_id, token)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

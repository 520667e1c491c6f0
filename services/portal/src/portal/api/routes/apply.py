"""The application as a task list: a draft in the applications service, saved a page at a
time; "save and come back later" emails a one-time link; "check your answers"; send."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from portal.api.deps import ApiDep, ClockDep, FormDep, SessionDep, SettingsDep, redirect, render
from portal.api.pages import (
    DraftDep,
    Instead,
    OpenedDraftDep,
    email_form_again,
    errors_by_field,
    not_found,
    session_ended,
    the_draft,
)
from portal.api.session import Session
from portal.applications_api import ApplicationsApi, Refused
from portal.domain import questions
from portal.domain.questions import SECTIONS, Question, Section

router = APIRouter(prefix="/apply", include_in_schema=False)

OPTIONAL_HINT = "Optional. Not part of your application, and never shared"
EQUALITY = next(section for section in SECTIONS if section.slug == "equality")


def _section_of(request: Request, slug: str, session: SessionDep) -> tuple[Section, int]:
    """The section of the question at ``slug`` and its place there; not found otherwise
    (before sign-in is asked for: a page that does not exist is not found for anyone)."""
    for section in SECTIONS:
        for number, question in enumerate(section.questions):
            if question.slug == slug:
                return section, number
    raise Instead(not_found(request, session))


LocatedDep = Annotated[tuple[Section, int], Depends(_section_of)]


def _api_errors(refused: Refused, question: Question | None) -> list[tuple[str, str]]:
    """The service's field errors as the page's (to the field where the page has it)."""
    found = []
    for error in refused.errors:
        located = questions.field_at(error.get("field", ""))
        if located and (question is None or located[0] == question):
            target = located[1].name + ("-day" if located[1].kind == "date" else "")
            found.append((target, error.get("message", "Check this answer")))
        elif located:
            found.append((f"change-{located[0].slug}", f"{located[1].label}: {error['message']}"))
    return found or [("main-content", refused.detail or "Check your answers")]


@router.post("/start")
async def start(
    request: Request, session: SessionDep, form: FormDep, api: ApiDep, settings: SettingsDep
) -> Response:
    """A new draft with the eligibility check's answers; a new session opens it."""
    try:
        opened = await api.start_draft(settings.programme_id, session.check)
    except Refused:
        return render(request, session, "closed.html", status=409)
    fresh = session.renewed(
        kind="draft",
        target_id=opened["draft"]["draft_id"],
        token=opened["session_token"],
    )
    return redirect(request, fresh, "/apply")


@router.get("")
async def task_list(request: Request, session: SessionDep, draft: DraftDep) -> Response:
    answers = draft["answers"]
    tasks = []
    for section in SECTIONS:
        done = questions.section_complete(section, answers)
        started = any(
            questions.answered(answers, f.path) for q in section.questions for f in q.fields
        )
        first = next(
            (
                q
                for q in section.questions
                if not all(questions.answered(answers, f.path) for f in q.fields)
            ),
            section.questions[0],
        )
        if section.optional:  # nothing to finish: answered or not, it is done with
            status = "Completed" if started else "Optional"
        else:
            status = "Completed" if done else "In progress" if started else "Not yet started"
        tasks.append(
            {
                "title": section.title,
                "href": section.start or f"/apply/q/{first.slug}",
                "status": status,
                "hint": OPTIONAL_HINT if section.optional else "",
            }
        )
    complete = all(t["status"] in ("Completed", "Optional") for t in tasks)
    return render(request, session, "task_list.html", tasks=tasks, complete=complete, draft=draft)


def _question_page(
    request: Request,
    session: Session,
    question: Question,
    values: dict[str, Any],
    *,
    errors: list[tuple[str, str]] | None = None,
) -> Response:
    return render(
        request,
        session,
        "question.html",
        status=422 if errors else 200,
        question=question,
        values=values,
        errors=errors or [],
        field_errors=errors_by_field(errors or []),
        back="/apply",
        caption="Apply",
        check=False,
    )


@router.get("/q/{slug}")
async def question(
    request: Request, session: SessionDep, located: LocatedDep, draft: DraftDep
) -> Response:
    asked = located[0].questions[located[1]]
    values = {f.name: questions.shown(f, draft["answers"]) for f in asked.fields}
    return _question_page(request, session, asked, values)


@router.post("/q/{slug}")
async def answer(
    request: Request,
    session: SessionDep,
    form: FormDep,
    located: LocatedDep,
    opened: OpenedDraftDep,
    api: ApiDep,
    clock: ClockDep,
) -> Response:
    section, number = located
    asked = section.questions[number]
    answered = questions.read(asked, form, clock().date())
    if answered.errors:
        return _question_page(request, session, asked, answered.values, errors=answered.errors)
    try:
        saved = await api.save_draft(*opened, questions.nested(answered.answers))
    except Refused as refused:
        errors = _api_errors(refused, asked)
        return _question_page(request, session, asked, answered.values, errors=errors)
    if saved is None:
        return session_ended(request, session)
    if (form.get("action") or [""])[0] == "later":
        return redirect(request, session, "/apply/save-for-later")
    if number + 1 < len(section.questions):
        return redirect(request, session, f"/apply/q/{section.questions[number + 1].slug}")
    return redirect(request, session, "/apply")


@router.get("/equality")
async def equality(request: Request, session: SessionDep, draft: DraftDep) -> Response:
    """Why the equality questions are asked, that they are optional and never shared; then
    the questions, or back to the task list."""
    first = EQUALITY.questions[0]
    return render(request, session, "equality.html", first=f"/apply/q/{first.slug}")


@router.get("/save-for-later")
async def save_for_later(request: Request, session: SessionDep, draft: DraftDep) -> Response:
    return render(request, session, "save_for_later.html", email=draft.get("email") or "")


@router.post("/save-for-later")
async def send_resume_link(
    request: Request, session: SessionDep, form: FormDep, opened: OpenedDraftDep, api: ApiDep
) -> Response:
    email, error = questions.email_of(form, missing="Enter the email address to send the link to")
    if error:
        return email_form_again(request, session, "save_for_later.html", email, error)
    try:
        sent = await api.resume_link(*opened, email)
    except Refused:
        return email_form_again(request, session, "save_for_later.html", email)
    if not sent:
        return session_ended(request, session)
    return redirect(request, session, "/apply/saved")


@router.get("/saved")
async def saved(request: Request, session: SessionDep) -> Response:
    return render(request, session, "saved.html")


@router.get("/check-answers")
async def check_answers(
    request: Request, session: SessionDep, opened: OpenedDraftDep, api: ApiDep
) -> Response:
    return await _check_answers_page(request, session, api, opened)


async def _check_answers_page(
    request: Request,
    session: Session,
    api: ApplicationsApi,
    opened: tuple[str, str],
    *,
    errors: list[tuple[str, str]] | None = None,
) -> Response:
    draft = await the_draft(request, session, api, opened)
    answers = draft["answers"]
    sections = [
        {
            "title": section.title,
            "rows": [
                {
                    "key": f.label if not q.single else q.title,
                    "value": questions.display(f, answers),
                    "href": f"/apply/q/{q.slug}",
                    "id": f"change-{q.slug}",
                }
                for q in section.questions
                for f in q.fields
            ],
        }
        for section in SECTIONS
    ]
    return render(
        request,
        session,
        "check_answers.html",
        status=422 if errors else 200,
        sections=sections,
        errors=errors or [],
    )


@router.post("/send")
async def send(
    request: Request, session: SessionDep, form: FormDep, opened: OpenedDraftDep, api: ApiDep
) -> Response:
    if (form.get("consent") or [""])[0] != "yes":
        errors = [("consent", "Select that you agree to us using your information")]
        return await _check_answers_page(request, session, api, opened, errors=errors)
    try:
        sent = await api.send_draft(*opened, {"consent": {"data_processing": True}})
    except Refused as refused:
        errors = _api_errors(refused, None)
        return await _check_answers_page(request, session, api, opened, errors=errors)
    if sent is None:
        return session_ended(request, session)
    fresh = session.renewed(
        kind="application", target_id=sent["application_id"], token=sent["session_token"]
    )
    return redirect(request, fresh, "/apply/sent")


@router.get("/sent")
async def sent(request: Request, session: SessionDep) -> Response:
    if session.kind != "application":
        return redirect(request, session, "/sign-in")
    return render(request, session, "sent.html")

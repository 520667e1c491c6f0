"""The start page and the eligibility check: the programme explained, its rules asked about
one at a time, and the answer with every reason in plain English."""

from typing import Any

from fastapi import APIRouter, Request, Response

from portal.api.deps import ApiDep, ClockDep, FormDep, SessionDep, SettingsDep, redirect, render
from portal.api.pages import errors_by_field, not_found, programme_rules
from portal.domain import eligibility, questions, wording

router = APIRouter(include_in_schema=False)


@router.get("/")
async def start(
    request: Request, session: SessionDep, api: ApiDep, settings: SettingsDep, clock: ClockDep
) -> Response:
    rules = await programme_rules(api, settings.programme_id)
    if rules is None:
        return not_found(request, session)
    return render(
        request,
        session,
        "start.html",
        rules=rules,
        is_open=rules.open_at(clock()),
        reason=wording.reason,
    )


def _check_step(slug: str) -> tuple[int, questions.Question] | None:
    for number, question in enumerate(questions.CHECK):
        if question.slug == slug:
            return number, question
    return None


def _back(number: int) -> str:
    return "/" if number == 0 else f"/check/{questions.CHECK[number - 1].slug}"


@router.get("/check/{slug}")
async def check_question(request: Request, slug: str, session: SessionDep) -> Response:
    step = _check_step(slug)
    if step is None:
        return not_found(request, session)
    number, question = step
    return render(
        request,
        session,
        "question.html",
        question=question,
        values={f.name: questions.shown(f, session.check) for f in question.fields},
        field_errors={},
        back=_back(number),
        caption="Check if you can apply",
        check=True,
    )


@router.post("/check/{slug}")
async def answer_check_question(
    request: Request, slug: str, session: SessionDep, form: FormDep, clock: ClockDep
) -> Response:
    step = _check_step(slug)
    if step is None:
        return not_found(request, session)
    number, question = step
    answered = questions.read(question, form, clock().date())
    if answered.errors:
        return render(
            request,
            session,
            "question.html",
            status=422,
            question=question,
            values=answered.values,
            errors=answered.errors,
            field_errors=errors_by_field(answered.errors),
            back=_back(number),
            caption="Check if you can apply",
            check=True,
        )
    session.check = _merge(session.check, questions.nested(answered.answers))
    following = number + 1
    if following < len(questions.CHECK):
        return redirect(request, session, f"/check/{questions.CHECK[following].slug}")
    return redirect(request, session, "/check-result")


def _merge(answers: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    merged = dict(answers)
    for part, value in change.items():
        merged[part] = {**merged.get(part, {}), **value} if isinstance(value, dict) else value
    return merged


@router.get("/check-result")
async def check_result(
    request: Request, session: SessionDep, api: ApiDep, settings: SettingsDep, clock: ClockDep
) -> Response:
    missing = [
        q
        for q in questions.CHECK
        for f in q.fields
        if not questions.answered(session.check, f.path)
    ]
    if missing:
        return redirect(request, session, f"/check/{missing[0].slug}")
    rules = await programme_rules(api, settings.programme_id)
    if rules is None:
        return not_found(request, session)
    result = eligibility.check(session.check, rules, clock())
    return render(
        request,
        session,
        "check_result.html",
        rules=rules,
        result=result,
        reasons=[wording.reason(code, rules) for code in result.reasons],
    )

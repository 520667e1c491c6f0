"""References. The applicant gives their two referees once they have accepted a placement;
each referee is emailed a one-time link, ``/references/<reference_id>/<token>``, that opens a
page where they say whether they can recommend the applicant and write their reference.

The referee has no session: the link is their only credential, and it works once, for its
reference, until it expires (the applications service decides; opening the page does not
spend it, answering does). What they write goes to the applications service and nowhere else.
"""

from fastapi import APIRouter, Request, Response

from portal.api.deps import ApiDep, FormDep, SessionDep, redirect, render
from portal.api.pages import (
    ApplicationDep,
    OpenedApplicationDep,
    errors_by_field,
    session_ended,
)
from portal.applications_api import Refused
from portal.domain import referees, wording

router = APIRouter(include_in_schema=False)

OUTCOMES = (
    ("satisfactory", "Yes, I can recommend them"),
    ("unsatisfactory", "No, I cannot recommend them"),
)


@router.get("/application/referees")
async def referees_form(
    request: Request, session: SessionDep, application: ApplicationDep
) -> Response:
    if application["status"] != "accepted" or application.get("references"):
        return redirect(request, session, "/application")
    return _referees_page(request, session, {}, [])


@router.post("/application/referees")
async def give_referees(
    request: Request, session: SessionDep, form: FormDep, opened: OpenedApplicationDep, api: ApiDep
) -> Response:
    values, errors = referees.referees_of(form)
    if errors:
        return _referees_page(request, session, values, errors, status=422)
    try:
        given = await api.give_referees(*opened, referees.body_of(values))
    except Refused as refused:
        if refused.status == 409:  # given already, or no accepted placement
            return redirect(request, session, "/application")
        errors = referees.form_errors(refused.errors)
        return _referees_page(request, session, values, errors, status=422)
    if given is None:
        return session_ended(request, session)
    session.flash = "We have emailed your referees"
    return redirect(request, session, "/application")


def _referees_page(
    request: Request,
    session: SessionDep,
    values: dict[str, str],
    errors: list[tuple[str, str]],
    status: int = 200,
) -> Response:
    return render(
        request,
        session,
        "referees.html",
        status=status,
        values=values,
        errors=errors,
        field_errors=errors_by_field(errors),
        numbers=referees.NUMBERS,
        relationships=[
            (option, label, hint) for option, (label, hint) in wording.REFEREE_RELATIONSHIPS.items()
        ],
    )


@router.get("/references/sent")
async def reference_sent(request: Request, session: SessionDep) -> Response:
    return render(request, session, "reference_sent.html")


@router.get("/references/{reference_id}/{link_token}")
async def reference_form(
    request: Request, reference_id: str, link_token: str, session: SessionDep, api: ApiDep
) -> Response:
    asked = await api.open_reference(reference_id, link_token)
    if asked is None:
        return render(request, session, "reference_not_valid.html", status=410)
    return _reference_page(request, session, asked, {}, [])


@router.post("/references/{reference_id}/{link_token}")
async def answer_reference(
    request: Request,
    reference_id: str,
    link_token: str,
    session: SessionDep,
    form: FormDep,
    api: ApiDep,
) -> Response:
    outcome = (form.get("outcome") or [""])[0]
    statement = (form.get("statement") or [""])[0].strip()
    values = {"outcome": outcome, "statement": statement}
    errors = []
    if outcome not in dict(OUTCOMES):
        errors.append(("outcome", "Select whether you can recommend them"))
    if not statement:
        errors.append(("statement", "Enter your reference"))
    if not errors:
        try:
            answered = await api.answer_reference(reference_id, link_token, outcome, statement)
        except Refused:
            errors.append(("statement", "Your reference must be 10,000 characters or fewer"))
        else:
            if answered is None:
                return render(request, session, "reference_not_valid.html", status=410)
            return redirect(request, session, "/references/sent")
    asked = await api.open_reference(reference_id, link_token)
    if asked is None:
        return render(request, session, "reference_not_valid.html", status=410)
    return _reference_page(request, session, asked, values, errors, status=422)


def _reference_page(
    request: Request,
    session: SessionDep,
    asked: dict[str, object],
    values: dict[str, str],
    errors: list[tuple[str, str]],
    status: int = 200,
) -> Response:
    return render(
        request,
        session,
        "reference.html",
        status=status,
        asked=asked,
        asked_for=wording.REFERENCE_ASKED.get(str(asked.get("kind")), "a reference"),
        values=values,
        errors=errors,
        field_errors=errors_by_field(errors),
        outcomes=OUTCOMES,
    )

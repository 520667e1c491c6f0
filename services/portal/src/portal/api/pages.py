"""What several pages share: the programme's rules, the signed-in applicant's draft or
application (as dependencies a page declares), the pages for "not found", "your session has
ended" and "sorry, there is a problem", what follows a request of the application, and
errors keyed by field."""

from collections.abc import Awaitable
from typing import Annotated, Any, Literal

from fastapi import Depends, Request, Response

from portal.api.deps import ApiDep, SessionDep, redirect, render
from portal.api.session import Session
from portal.applications_api import ApplicationsApi, Refused
from portal.domain.eligibility import Rules


class Instead(Exception):
    """A page's answer given by one of its dependencies, in the page's place: to sign in,
    "your session has ended", not found. The app answers with ``response`` as it is."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


async def programme_rules(api: ApplicationsApi, programme_id: str) -> Rules | None:
    found = await api.programme(programme_id)
    return Rules.of(found) if found else None


def signed_in_to(session: Session, kind: Literal["draft", "application"]) -> tuple[str, str] | None:
    """The draft or application this browser is signed in to, and its access token."""
    if session.kind == kind and session.target_id and session.token:
        return session.target_id, session.token
    return None


def opened_application(session: Session) -> tuple[str, str] | None:
    return signed_in_to(session, "application")


async def load_application(api: ApplicationsApi, session: Session) -> dict[str, Any] | None:
    """The signed-in application's status; None when signed out or the session has ended."""
    opened = opened_application(session)
    return await api.application(*opened) if opened else None


def email_form_again(
    request: Request,
    session: Session,
    template: str,
    email: str,
    error: str = "Enter an email address in the correct format",
) -> Response:
    """A form that asks for an email address, again (422): its ``error`` by default what to
    say when the applications service refuses the address."""
    return render(request, session, template, status=422, email=email, errors=[("email", error)])


def errors_by_field(errors: list[tuple[str, str]]) -> dict[str, str]:
    """The message of each field (a date's errors link to its day input)."""
    return {target.removesuffix("-day"): message for target, message in errors}


def not_found(request: Request, session: Session) -> Response:
    return render(request, session, "not_found.html", status=404)


def session_ended(request: Request, session: Session) -> Response:
    """The applications service no longer knows this session (expired, signed out, erased)."""
    fresh = session.renewed(flash=None)
    return redirect(request, fresh, "/sign-in?ended=1")


def unavailable(request: Request, session: Session) -> Response:
    return render(request, session, "unavailable.html", status=503)


async def ask_applications(
    request: Request,
    session: Session,
    asking: Awaitable[dict[str, Any] | None],
    *,
    refused: str,
    done: str,
) -> Response:
    """What the applicant asked of their application (answer an offer, withdraw, book or
    cancel an interview): the page ``refused`` (409) where the applications service refuses
    it, "your session has ended" where it no longer knows the session, else the status page
    with ``done`` shown once."""
    try:
        answered = await asking
    except Refused:
        return render(request, session, refused, status=409)
    if answered is None:
        return session_ended(request, session)
    session.flash = done
    return redirect(request, session, "/application")


# What a page behind sign-in declares: the draft or application this browser is signed in to,
# as its id and token (OpenedDraftDep, OpenedApplicationDep; else "see other" to /sign-in), or
# as the applications service has it (DraftDep, ApplicationDep; else "your session has ended").
# FastAPI resolves a page's dependencies in the order it declares them: a form's page declares
# FormDep first, so a form without this browser's CSRF token is refused before anything else.


def _signed_in(
    request: Request, session: Session, kind: Literal["draft", "application"]
) -> tuple[str, str]:
    found = signed_in_to(session, kind)
    if found is None:
        raise Instead(redirect(request, session, "/sign-in"))
    return found


def _still_known(
    request: Request, session: Session, found: dict[str, Any] | None
) -> dict[str, Any]:
    if found is None:
        raise Instead(session_ended(request, session))
    return found


def signed_in_application(request: Request, session: SessionDep) -> tuple[str, str]:
    return _signed_in(request, session, "application")


def signed_in_draft(request: Request, session: SessionDep) -> tuple[str, str]:
    return _signed_in(request, session, "draft")


OpenedApplicationDep = Annotated[tuple[str, str], Depends(signed_in_application)]
OpenedDraftDep = Annotated[tuple[str, str], Depends(signed_in_draft)]


async def the_application(
    request: Request, session: SessionDep, api: ApiDep, opened: OpenedApplicationDep
) -> dict[str, Any]:
    return _still_known(request, session, await api.application(*opened))


async def the_draft(
    request: Request, session: SessionDep, api: ApiDep, opened: OpenedDraftDep
) -> dict[str, Any]:
    return _still_known(request, session, await api.draft(*opened))


ApplicationDep = Annotated[dict[str, Any], Depends(the_application)]
DraftDep = Annotated[dict[str, Any], Depends(the_draft)]

"""What several pages share: the programme's rules, the signed-in applicant's application,
the pages for "not found", "your session has ended" and "sorry, there is a problem", and
errors keyed by field."""

from typing import Any

from fastapi import Request, Response

from portal.api.deps import redirect, render
from portal.api.session import Session
from portal.applications_api import ApplicationsApi
from portal.domain.eligibility import Rules


async def programme_rules(api: ApplicationsApi, programme_id: str) -> Rules | None:
    found = await api.programme(programme_id)
    return Rules.of(found) if found else None


def opened_application(session: Session) -> tuple[str, str] | None:
    """The application this browser is signed in to, and its access token."""
    if session.kind == "application" and session.target_id and session.token:
        return session.target_id, session.token
    return None


async def load_application(api: ApplicationsApi, session: Session) -> dict[str, Any] | None:
    """The signed-in application's status; None when signed out or the session has ended."""
    opened = opened_application(session)
    return await api.application(*opened) if opened else None


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

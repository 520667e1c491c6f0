"""Typed dependencies of the pages: settings, the applications and selection APIs, the clock,
the session cookie, the checked form of a POST, and ``render`` (a page, with the session
written back)."""

import hmac
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import Depends, Request, Response
from fastapi.templating import Jinja2Templates

from portal.api.session import Session, SessionCookies
from portal.applications_api import ApplicationsApi
from portal.config import Settings
from portal.domain import wording
from portal.selection_api import SelectionApi
from returners_platform.clock import Clock

TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parents[1] / "templates")
TEMPLATES.env.filters["long_date"] = wording.long_date
TEMPLATES.env.filters["long_time"] = wording.long_time
TEMPLATES.env.globals["who_can_apply"] = wording.who_can_apply
MAX_FORM_BYTES = 16 * 1024


class CsrfRefused(Exception):
    """A form posted without this browser's CSRF token (or with none at all)."""


def _kept(name: str) -> Callable[[Request], Any]:
    """A dependency: what bootstrap keeps on the app as ``name`` (typed by its alias below)."""

    def kept(request: Request) -> Any:
        return getattr(request.app.state, name)

    return kept


def session_of(request: Request) -> Session:
    """This browser's session (a new one, with a fresh CSRF token, if it has none)."""
    cookies: SessionCookies = request.app.state.cookies
    session = cookies.read(request) or Session()
    request.state.session = session
    return session


async def checked_form(request: Request, session: "SessionDep") -> dict[str, list[str]]:
    """The posted form, once its CSRF token is this session's; CsrfRefused otherwise."""
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise CsrfRefused("form too large")
    form = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    sent = (form.pop("csrf_token", None) or [""])[0]
    if not sent or not hmac.compare_digest(sent.encode(), session.csrf.encode()):
        raise CsrfRefused("missing or wrong CSRF token")
    return form


SettingsDep = Annotated[Settings, Depends(_kept("settings"))]
ApiDep = Annotated[ApplicationsApi, Depends(_kept("api"))]
SelectionDep = Annotated[SelectionApi, Depends(_kept("selection"))]
ClockDep = Annotated[Clock, Depends(_kept("clock"))]
SessionDep = Annotated[Session, Depends(session_of)]
FormDep = Annotated[dict[str, list[str]], Depends(checked_form)]


def save(request: Request, response: Response, session: Session) -> Response:
    """Write ``session`` into ``response``'s cookie."""
    cookies: SessionCookies = request.app.state.cookies
    cookies.write(response, session)
    return response


def render(
    request: Request, session: Session, template: str, *, status: int = 200, **context: Any
) -> Response:
    """A page: the template with the session (its CSRF token, whether signed in) and the
    service's name; the session is written back (a flash message is shown once)."""
    settings: Settings = request.app.state.settings
    flash, session.flash = session.flash, None
    response = TEMPLATES.TemplateResponse(
        request,
        template,
        {
            "session": session,
            "csrf_token": session.csrf,
            "flash": flash,
            "service_name": request.app.state.service_name,
            "programme_id": settings.programme_id,
            **context,
        },
        status_code=status,
    )
    return save(request, response, session)


def redirect(request: Request, session: Session, to: str) -> Response:
    """See other (303): the browser GETs ``to``; the session is written back."""
    return save(request, Response(status_code=303, headers={"Location": to}), session)

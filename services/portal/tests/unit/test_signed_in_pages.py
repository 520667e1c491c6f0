"""What the pages behind sign-in answer before they do anything: a browser not signed in is
sent to sign in, one whose session the applications service no longer knows is told it
ended (a new cookie), a form without this browser's CSRF token is refused first, and the
interview pages are not found where there is no interview to book. The services are fakes;
nothing is reached over the network."""

from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import httpx
import pytest
from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response

from portal.api.session import COOKIE, Session, SessionCookies
from portal.applications_api import ApiUnavailable
from portal.bootstrap import create_app
from portal.config import Settings

NOW = datetime(2030, 4, 20, 9, 0, tzinfo=UTC)
CSRF = "the-csrf-token-of-this-browser"
Kind = Literal["draft", "application"]
SLOT = {"slot_id": "s1", "starts_at": (NOW + timedelta(days=2)).isoformat(), "available": 3}


class FakeApplications:
    """The applications service: ``found`` is what it knows of the session (None: ended)."""

    def __init__(self, found: dict[str, Any] | None) -> None:
        self.found = found
        self.asked: list[tuple[Any, ...]] = []

    async def programme(self, programme_id: str) -> dict[str, Any]:
        return {"title": "Return to Social Work"}

    async def application(self, application_id: str, token: str) -> dict[str, Any] | None:
        self.asked.append(("application", application_id, token))
        return self.found

    async def draft(self, draft_id: str, token: str) -> dict[str, Any] | None:
        self.asked.append(("draft", draft_id, token))
        return self.found

    async def book_interview(
        self, application_id: str, token: str, slot_id: str | None
    ) -> dict[str, Any] | None:
        self.asked.append(("book_interview", application_id, token, slot_id))
        return {} if self.found is not None else None

    async def withdraw(self, application_id: str, token: str) -> dict[str, Any] | None:
        self.asked.append(("withdraw", application_id, token))
        return {} if self.found is not None else None


class FakeSelection:
    async def interview_slots(self, programme_id: str) -> list[dict[str, Any]]:
        return [SLOT]


def _app(found: dict[str, Any] | None) -> FastAPI:
    app = create_app(Settings(cookie_secure=False), clock=lambda: NOW)
    app.state.api = FakeApplications(found)
    app.state.selection = FakeSelection()
    return app


def _client(app: FastAPI, session: Session | None) -> httpx.AsyncClient:
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://portal")
    if session is not None:
        response = Response()
        app.state.cookies.write(response, session)
        client.cookies.set(COOKIE, response.headers["set-cookie"].split(";")[0].split("=", 1)[1])
    return client


def _session_written(app: FastAPI, response: httpx.Response) -> Session | None:
    cookies: SessionCookies = app.state.cookies
    sealed = response.cookies.get(COOKIE)
    request = Request({"type": "http", "headers": [(b"cookie", f"{COOKIE}={sealed}".encode())]})
    return cookies.read(request)


async def _ask(
    client: httpx.AsyncClient, method: str, path: str, form: dict[str, str] | None = None
) -> httpx.Response:
    if method == "GET":
        return await client.get(path)
    return await client.post(path, data={"csrf_token": CSRF, **(form or {})})


APPLICATION_PAGES = [
    ("GET", "/application"),
    ("GET", "/application/withdraw"),
    ("POST", "/application/withdraw"),
    ("GET", "/application/delete"),
    ("POST", "/application/delete"),
    ("GET", "/application/interview"),
    ("POST", "/application/interview"),
    ("GET", "/application/interview/cancel"),
    ("POST", "/application/interview/cancel"),
    ("GET", "/application/reregistration"),
    ("POST", "/application/reregistration"),
]
DRAFT_PAGES = [
    ("GET", "/apply"),
    ("GET", "/apply/q/contact"),
    ("POST", "/apply/q/right-to-work"),
    ("GET", "/apply/save-for-later"),
    ("POST", "/apply/save-for-later"),
    ("GET", "/apply/check-answers"),
    ("POST", "/apply/send"),
]


@pytest.mark.parametrize(("method", "path"), APPLICATION_PAGES + DRAFT_PAGES)
async def test_a_browser_not_signed_in_is_sent_to_sign_in_with_its_session_kept(
    method: str, path: str
) -> None:
    app = _app({"answers": {}})
    session = Session(csrf=CSRF, check={"a": 1})
    answered = await _ask(_client(app, session), method, path)
    assert (answered.status_code, answered.headers["location"]) == (303, "/sign-in")
    assert _session_written(app, answered) == session
    assert app.state.api.asked == []


@pytest.mark.parametrize(("method", "path"), APPLICATION_PAGES + DRAFT_PAGES)
async def test_a_signed_in_browser_of_the_other_kind_is_sent_to_sign_in(
    method: str, path: str
) -> None:
    app = _app({"answers": {}})
    kind: Kind = "draft" if path.startswith("/application") else "application"
    session = Session(csrf=CSRF, kind=kind, target_id="x1", token="rts_token")
    answered = await _ask(_client(app, session), method, path)
    assert (answered.status_code, answered.headers["location"]) == (303, "/sign-in")


@pytest.mark.parametrize(
    ("method", "path"),
    [(m, p) for m, p in APPLICATION_PAGES + DRAFT_PAGES if m == "POST"],
)
async def test_a_form_without_the_csrf_token_is_refused_before_anything_else(
    method: str, path: str
) -> None:
    app = _app({"answers": {}})
    client = _client(app, Session(csrf=CSRF))
    answered = await client.post(path, data={"csrf_token": "another"})
    assert answered.status_code == 403
    assert "Sorry, we could not use that form" in answered.text


@pytest.mark.parametrize(
    ("method", "path", "kind"),
    [
        ("GET", "/application", "application"),
        ("GET", "/application/interview", "application"),
        ("POST", "/application/interview", "application"),
        ("GET", "/application/interview/cancel", "application"),
        ("POST", "/application/withdraw", "application"),
        ("POST", "/application/interview/cancel", "application"),
        ("GET", "/application/reregistration", "application"),
        ("GET", "/apply", "draft"),
        ("GET", "/apply/q/contact", "draft"),
        ("GET", "/apply/save-for-later", "draft"),
        ("GET", "/apply/check-answers", "draft"),
        ("POST", "/apply/send", "draft"),
    ],
)
async def test_a_session_the_service_no_longer_knows_has_ended(
    method: str, path: str, kind: Kind
) -> None:
    app = _app(None)
    session = Session(csrf=CSRF, kind=kind, target_id="x1", token="rts_token", flash="hi")
    answered = await _ask(_client(app, session), method, path, {"slot_id": "s1"})
    assert (answered.status_code, answered.headers["location"]) == (303, "/sign-in?ended=1")
    written = _session_written(app, answered)
    assert written is not None
    assert (written.kind, written.token, written.flash) == (None, None, None)
    assert written.csrf != CSRF
    assert app.state.api.asked[0][1:3] == ("x1", "rts_token")


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_an_unknown_question_is_not_found_even_when_not_signed_in(method: str) -> None:
    client = _client(_app(None), Session(csrf=CSRF))
    answered = await _ask(client, method, "/apply/q/no-such-question")
    assert answered.status_code == 404


async def test_an_offer_asked_about_without_a_session_says_the_session_ended() -> None:
    signed_out = _client(_app(None), None)
    answered = await signed_out.get("/application/offers/o1/accept")
    assert (answered.status_code, answered.headers["location"]) == (303, "/sign-in?ended=1")
    assert (await signed_out.get("/application/offers/o1/maybe")).status_code == 404
    client = _client(_app(None), Session(csrf=CSRF))
    answered = await _ask(client, "POST", "/application/offers/o1/accept")
    assert answered.status_code == 404


def _at_interview(interview: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "programme_id": "rtsw-open",
        "selection": {"stage": "interview", "interview": interview},
    }


SIGNED_IN = Session(csrf=CSRF, kind="application", target_id="a1", token="rts_token")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/application/interview"),
        ("POST", "/application/interview"),
        ("GET", "/application/interview/cancel"),
    ],
)
async def test_the_interview_pages_are_not_found_before_the_interview_stage(
    method: str, path: str
) -> None:
    app = _app({"programme_id": "rtsw-open", "selection": None})
    answered = await _ask(_client(app, SIGNED_IN), method, path, {"slot_id": "s1"})
    assert answered.status_code == 404


async def test_the_times_to_choose_from_and_a_choice_asked_for() -> None:
    app = _app(_at_interview(None))
    client = _client(app, SIGNED_IN)
    page = await client.get("/application/interview")
    assert page.status_code == 200
    assert 'value="s1"' in page.text
    assert "Choose a time for your video interview" in page.text
    none_chosen = await _ask(client, "POST", "/application/interview", {"slot_id": "s9"})
    assert none_chosen.status_code == 400
    assert "Select a time for your interview" in none_chosen.text
    asked = await _ask(client, "POST", "/application/interview", {"slot_id": "s1"})
    assert (asked.status_code, asked.headers["location"]) == (303, "/application")
    assert app.state.api.asked[-1] == ("book_interview", "a1", "rts_token", "s1")
    written = _session_written(app, asked)
    assert written is not None
    assert (written.flash or "").startswith("You asked for an interview")


async def test_a_booked_interview_may_be_moved_or_cancelled_and_an_attended_one_not() -> None:
    booked = {"status": "booked", "slot_id": "s0", "starts_at": SLOT["starts_at"]}
    client = _client(_app(_at_interview(booked)), SIGNED_IN)
    assert "Choose a new time" in (await client.get("/application/interview")).text
    assert (await client.get("/application/interview/cancel")).status_code == 200
    attended = {**booked, "status": "attended"}
    client = _client(_app(_at_interview(attended)), SIGNED_IN)
    assert (await client.get("/application/interview")).status_code == 404
    assert (await client.get("/application/interview/cancel")).status_code == 404


class ProgrammeWithRetention(FakeApplications):
    async def programme(self, programme_id: str) -> dict[str, Any]:
        retention = {"unsuccessful_months": 7, "withdrawn_months": 5, "participant_months": 30}
        return {"title": "Return to Social Work", "retention": retention}


class ApplicationsDown(FakeApplications):
    async def programme(self, programme_id: str) -> dict[str, Any]:
        raise ApiUnavailable("ConnectError")


async def test_the_privacy_page_states_the_programmes_retention_periods() -> None:
    app = _app(None)
    app.state.api = ProgrammeWithRetention(None)
    async with _client(app, None) as client:
        page = (await client.get("/privacy")).text
    assert "7 months after the programme" in page
    assert "5 months after you withdraw" in page
    assert "30 months after you complete" in page


async def test_the_privacy_page_is_shown_while_the_programme_cannot_be_read() -> None:
    app = _app(None)
    app.state.api = ApplicationsDown(None)
    async with _client(app, None) as client:
        response = await client.get("/privacy")
    assert response.status_code == 200
    assert "For a set time after" in response.text

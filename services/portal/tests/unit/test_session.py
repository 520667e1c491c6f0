"""The session cookie: sealed (the browser can neither read nor change it), expiring, and
renewed whole (a new CSRF token) on sign-in."""

from starlette.requests import Request
from starlette.responses import Response

from portal.api.session import COOKIE, Session, SessionCookies


def _request_with(cookie: str) -> Request:
    return Request({"type": "http", "headers": [(b"cookie", f"{COOKIE}={cookie}".encode())]})


def _sealed(cookies: SessionCookies, session: Session) -> str:
    response = Response()
    cookies.write(response, session)
    header = response.headers["set-cookie"]
    assert "httponly" in header.lower()
    assert "samesite=lax" in header.lower()
    return header.split(";", 1)[0].split("=", 1)[1]


def test_a_session_comes_back_as_written_and_its_token_is_not_readable() -> None:
    cookies = SessionCookies("a" * 40, max_age_seconds=60, secure=True)
    session = Session(kind="draft", target_id="d1", token="rts_secret")
    sealed = _sealed(cookies, session)
    assert "rts_secret" not in sealed
    assert cookies.read(_request_with(sealed)) == session


def test_a_changed_cookie_or_one_sealed_with_another_secret_is_no_session() -> None:
    cookies = SessionCookies("a" * 40, max_age_seconds=60, secure=True)
    sealed = _sealed(cookies, Session(token="rts_secret"))
    tampered = sealed[:-4] + ("AAAA" if not sealed.endswith("AAAA") else "BBBB")
    assert cookies.read(_request_with(tampered)) is None
    other = SessionCookies("b" * 40, max_age_seconds=60, secure=True)
    assert other.read(_request_with(sealed)) is None


def test_renewing_a_session_gives_it_a_new_csrf_token() -> None:
    before = Session(check={"right_to_work_uk": True})
    after = before.renewed(kind="application", target_id="a1", token="rts_x")
    assert after.csrf != before.csrf
    assert after.check == {}

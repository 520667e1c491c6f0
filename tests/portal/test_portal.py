"""The applicant portal in real Chromium against the real services (Kafka, Postgres, every
service as a process): a person applies, saves and comes back by an emailed link, sends,
signs out, signs in by an emailed link, sees the decision, accepts an offer, withdraws and
deletes their personal details, once with JavaScript on and once with it off. Every page is
screenshotted into test-artifacts/portal/ and passes axe-core with no violations.

And the portal's promises over HTTP: a form without its CSRF token changes nothing, and
asking for a sign-in link answers the same for a known and an unknown address.
"""

import re
import uuid

import httpx
import pytest
from playwright.sync_api import Browser

from returners_cli.testing.cluster import ProcessCluster
from returners_cli.testing.submissions import submission_body

from .conftest import ARTIFACTS
from .journey import apply_and_see_it_through, wait_for, wait_for_link

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.long(minutes=4)]

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def wait_for_start_page(portal_url: str) -> None:
    """Applications learns of the programme from programme.published: until then the start
    page is "not found"."""
    wait_for(
        lambda: httpx.get(portal_url, timeout=10).status_code == 200,
        timeout=90,
        what="the portal's start page to show the programme",
    )


@pytest.mark.timeout(1200)  # ~45 pages, each screenshotted and checked by axe-core
@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_a_person_applies_comes_back_signs_in_answers_an_offer_withdraws_and_erases(
    browser: Browser,
    cluster: ProcessCluster,
    portal_url: str,
    javascript: bool,
) -> None:
    wait_for_start_page(portal_url)
    mode = "js-on" if javascript else "js-off"
    visited = apply_and_see_it_through(
        browser, portal_url, cluster.maildir, ARTIFACTS / mode, javascript=javascript
    )
    assert len(visited) >= 40


def _form_token(client: httpx.Client, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text
    match = CSRF_FIELD.search(page.text)
    assert match
    return match.group(1)


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(portal_url: str) -> None:
    wait_for_start_page(portal_url)
    with (
        httpx.Client(base_url=portal_url, timeout=10) as browser_a,
        httpx.Client(base_url=portal_url, timeout=10) as browser_b,
    ):
        token_a = _form_token(browser_a, "/sign-in")
        _form_token(browser_b, "/sign-in")
        without = browser_a.post("/sign-in", data={"email": "ada@example.org"})
        assert without.status_code == 403
        assert "Sorry, we could not use that form" in without.text
        someone_elses = browser_b.post(
            "/sign-in", data={"email": "ada@example.org", "csrf_token": token_a}
        )
        assert someone_elses.status_code == 403
        no_cookie = httpx.post(
            f"{portal_url}/sign-in", data={"email": "ada@example.org", "csrf_token": token_a}
        )
        assert no_cookie.status_code == 403
        with_it = browser_a.post(
            "/sign-in", data={"email": "ada@example.org", "csrf_token": token_a}
        )
        assert with_it.status_code == 303


def test_asking_for_a_sign_in_link_answers_the_same_for_a_known_and_an_unknown_address(
    cluster: ProcessCluster, portal_url: str, programme_id: str
) -> None:
    wait_for_start_page(portal_url)
    known = f"known.{uuid.uuid4().hex[:8]}@example.org"
    submitted = httpx.post(
        f"{cluster['applications'].url}/applications",
        json=submission_body(programme_id, contact={"email": known}),
        timeout=10,
    )
    assert submitted.status_code == 201, submitted.text
    answers = []
    for address in (known, f"nobody.{uuid.uuid4().hex[:8]}@example.org"):
        with httpx.Client(base_url=portal_url, timeout=10) as client:
            token = _form_token(client, "/sign-in")
            asked = client.post("/sign-in", data={"email": address, "csrf_token": token})
            shown = client.get(asked.headers["location"])
            answers.append(
                (
                    asked.status_code,
                    asked.headers["location"],
                    shown.status_code,
                    CSRF_FIELD.sub("", shown.text),
                )
            )
    assert answers[0] == answers[1]
    # And yet only the known address is written to.
    wait_for_link(cluster.maildir, known, "Sign in to your application", 0, 60)


def test_every_page_has_a_strict_policy_and_the_cookie_is_http_only(portal_url: str) -> None:
    wait_for_start_page(portal_url)
    page = httpx.get(portal_url, timeout=10)
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["cache-control"] == "no-store"
    assert re.search(r"<script(?![^>]*\ssrc=)[^>]*>", page.text) is None, "an inline script"
    cookie = page.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie

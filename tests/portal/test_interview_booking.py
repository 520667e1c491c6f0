"""A candidate of a programme with selection books, moves and cancels their video interview
in the portal (real Chromium, JavaScript on), against the real services: the times come from
selection's published slots, each request goes through the applications service, and the
status page shows selection's answer. Every page is screenshotted and passes axe-core."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser

from portal.domain.wording import long_time
from returners_cli.testing.cluster import ProcessCluster
from returners_cli.testing.programmes import programme_with_selection
from returners_cli.testing.submissions import submission_body

from .conftest import ARTIFACTS, AXE, ops
from .journey import Journey, wait_for, wait_for_link

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.long(minutes=2)]


def _stage(http: httpx.Client, application: dict[str, Any]) -> str | None:
    found = http.get(
        f"/applications/{application['application_id']}",
        headers={"Authorization": f"Bearer {application['access_token']}"},
    )
    assert found.status_code == 200, found.text
    return (found.json().get("selection") or {}).get("stage")


@pytest.fixture(scope="module")
def invited_to_interview(cluster: ProcessCluster) -> tuple[str, list[datetime]]:
    """A candidate who passed the online assessment of a programme with selection, and the
    programme's two interview times (ahead of now). Their email address."""
    programme = programme_with_selection(f"portal-sel-{uuid.uuid4().hex[:8]}")
    pid = programme["programme_id"]
    address = f"grace.{uuid.uuid4().hex[:8]}@example.org"
    applications = httpx.Client(base_url=cluster["applications"].url, timeout=30)
    selection = httpx.Client(base_url=cluster["selection"].url, timeout=30, headers=ops(cluster))
    with applications, selection:
        published = httpx.post(
            f"{cluster['matching'].url}/admin/programmes",
            json=programme,
            headers=ops(cluster),
            timeout=30,
        )
        assert published.status_code == 201, published.text
        body = submission_body(
            pid, contact={"email": address}, registration={"last_practised": "2020-06-30"}
        )

        def submitted() -> dict[str, Any] | None:  # once applications knows the programme
            sent = applications.post("/applications", json=body)
            return dict(sent.json()) if sent.status_code == 201 else None

        application = wait_for(submitted, timeout=90, what="the programme open for applications")
        wait_for(
            lambda: _stage(applications, application) == "assessment",
            timeout=90,
            what="the invitation to the assessment",
        )
        scored = selection.post(
            f"/programmes/{pid}/assessment-results",
            json={"application_id": application["application_id"], "score": 82, "attempt": 1},
        )
        assert scored.status_code in (200, 201, 202), scored.text
        soon = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=10)
        times = [soon.replace(hour=10), soon.replace(hour=14)]
        for starts_at in times:
            slot = selection.post(
                f"/admin/programmes/{pid}/interview-slots",
                json={"starts_at": starts_at.isoformat(), "capacity": 3},
            )
            assert slot.status_code == 201, slot.text
        wait_for(
            lambda: _stage(applications, application) == "interview",
            timeout=90,
            what="the invitation to the interview",
        )
    return address, times


@pytest.mark.timeout(600)
def test_a_candidate_books_moves_and_cancels_their_interview_in_the_portal(
    browser: Browser,
    cluster: ProcessCluster,
    portal_url: str,
    invited_to_interview: tuple[str, list[datetime]],
) -> None:
    address, (first, second) = invited_to_interview
    context = browser.new_context()
    page = context.new_page()
    you = Journey(page, portal_url, ARTIFACTS / "interview", AXE.read_text())

    you.open("/sign-in", "sign-in")
    you.fill("Sign in with a link sent to your email", address)
    you.press("Send me a link", "check-your-email")
    link = wait_for_link(cluster.maildir, address, "Sign in to your application", 0, 60)
    you.open(f"/sign-in/{link}", "sign-in-link")
    you.press("Continue", "application-invited-to-interview")
    assert "You passed the online assessment" in page.locator("#selection").inner_text()

    def shows(text: str) -> bool:
        page.reload()
        return text in page.locator("#selection").inner_text()

    # Book: nothing chosen is an error; then the first time.
    you.follow("Book your interview", "interview-times")
    assert you.heading() == "Choose a time for your video interview"
    you.press("Ask for this time", "interview-times-error")
    assert "Select a time for your interview" in page.locator(".govuk-error-summary").inner_text()
    you.choose(long_time(first))
    you.press("Ask for this time", "interview-asked")
    assert (
        "You asked for an interview on" in page.locator(".govuk-notification-banner").inner_text()
    )
    wait_for(
        lambda: shows(f"booked for {long_time(first)}"), timeout=90, what="the booking", every=1
    )
    you.check("interview-booked")

    # Move it: the time already booked is not offered again.
    you.follow("Change the time of your interview", "interview-change")
    assert page.locator("input[name=slot_id]").count() == 1
    you.choose(long_time(second))
    you.press("Ask for this time", "interview-move-asked")
    wait_for(lambda: shows(f"booked for {long_time(second)}"), timeout=90, what="the move", every=1)
    you.check("interview-moved")

    # Cancel it, with a confirmation step; then there is a time to book again.
    you.follow("Cancel your interview", "interview-cancel-confirm")
    you.press("Yes, cancel my interview", "interview-cancel-asked")
    wait_for(
        lambda: (
            page.reload() is not None
            and page.get_by_role("link", name="Book your interview").count() > 0
        ),
        timeout=90,
        what="the cancellation",
        every=1,
    )
    you.check("interview-cancelled")
    context.close()

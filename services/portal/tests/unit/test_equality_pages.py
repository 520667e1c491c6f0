"""The optional equality monitoring section of the application: its place in the task list
(an application may be sent without it), the page that says why it is asked, and questions
that may be answered "Prefer not to say" or not at all. The applications service is a fake."""

from typing import Any

import httpx
from fastapi import FastAPI

from portal.api.session import Session
from returners_cli.testing.submissions import submission_body

from .test_signed_in_pages import CSRF, FakeApplications, _app, _client

DRAFT = Session(csrf=CSRF, kind="draft", target_id="d1", token="rts_token")
BODY = submission_body()
REQUIRED = {
    "contact": BODY["contact"],
    "registration": BODY["registration"],
    "right_to_work_uk": True,
    "preferences": BODY["preferences"],
}


class SavingApplications(FakeApplications):
    """A draft the portal reads and saves to."""

    async def save_draft(
        self, draft_id: str, token: str, answers: dict[str, Any]
    ) -> dict[str, Any] | None:
        self.asked.append(("save_draft", draft_id, token, answers))
        return self.found


def _draft_app(answers: dict[str, Any]) -> tuple[FastAPI, httpx.AsyncClient]:
    app = _app(None)
    app.state.api = SavingApplications(
        {
            "draft_id": "d1",
            "answers": answers,
            "email": None,
            "expires_at": "2030-05-20T09:00:00+00:00",
        }
    )
    return app, _client(app, DRAFT)


async def test_the_application_may_be_sent_without_the_optional_equality_section() -> None:
    _, client = _draft_app(REQUIRED)
    page = await client.get("/apply")
    assert page.status_code == 200
    assert 'href="/apply/equality"' in page.text
    assert "Optional. Not part of your application, and never shared" in page.text
    assert 'href="/apply/check-answers"' in page.text  # every required task is done


async def test_the_equality_section_says_why_it_is_asked_and_that_it_is_optional() -> None:
    _, client = _draft_app({})
    page = await client.get("/apply/equality")
    assert page.status_code == 200
    assert "Government Equalities Office" in page.text
    assert "never shared with councils" in page.text
    assert 'href="/apply/q/equality-career-break"' in page.text
    assert "Skip these questions" in page.text


async def test_a_question_left_unanswered_saves_nothing_and_goes_on() -> None:
    app, client = _draft_app({})
    left = await client.post("/apply/q/equality-sex", data={"csrf_token": CSRF})
    assert (left.status_code, left.headers["location"]) == (303, "/apply/q/equality-age")
    assert app.state.api.asked[-1] == ("save_draft", "d1", "rts_token", {})
    chosen = await client.post(
        "/apply/q/equality-disability",
        data={"csrf_token": CSRF, "disability": "prefer_not_to_say"},
    )
    assert (chosen.status_code, chosen.headers["location"]) == (303, "/apply")
    saved = app.state.api.asked[-1][3]
    assert saved == {"equality": {"disability": "prefer_not_to_say"}}


async def test_a_question_page_offers_prefer_not_to_say_after_or() -> None:
    _, client = _draft_app({"equality": {"sex": "female"}})
    page = await client.get("/apply/q/equality-sex")
    assert page.status_code == 200
    assert '<div class="govuk-radios__divider">or</div>' in page.text
    assert 'value="prefer_not_to_say"' in page.text
    assert 'value="female" checked' in page.text
    assert "This question is optional" in page.text

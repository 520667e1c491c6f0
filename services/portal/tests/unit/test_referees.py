"""The referees form: what the applicant typed, as the applications service takes it (each
referee an employer, professional or character referee; the paid work answer needed only for
a professional or character referee), and its refusals back on the form's fields. The page
itself against a fake applications service."""

from typing import Any

import httpx
from fastapi import FastAPI

from portal.api.session import Session
from portal.applications_api import Refused
from portal.domain.referees import (
    EMPLOYED_MISSING,
    NOT_AN_EMPLOYER,
    body_of,
    form_errors,
    referees_of,
)

from .test_signed_in_pages import CSRF, FakeApplications, _app, _client

SIGNED_IN = Session(csrf=CSRF, kind="application", target_id="a1", token="rts_token")


def _filled(
    relationship: str = "employer", employed: str = "", **more: str
) -> dict[str, list[str]]:
    form = {
        f"referee{n}-{part}": [value]
        for n in (1, 2)
        for part, value in (
            ("name", f" Referee {n} "),
            ("email", f"r{n}@example.org"),
            ("relationship", relationship),
            ("organisation", ""),
        )
    }
    return {**form, "employed": [employed], **{k: [v] for k, v in more.items()}}


def test_two_employers_need_no_paid_work_answer_and_send_the_specs_body() -> None:
    values, errors = referees_of(_filled("employer"))
    assert errors == []
    assert body_of(values) == {
        "referees": [
            {"name": "Referee 1", "email": "r1@example.org", "relationship": "employer"},
            {"name": "Referee 2", "email": "r2@example.org", "relationship": "employer"},
        ]
    }


def test_a_professional_or_character_referee_needs_the_paid_work_answer() -> None:
    _, errors = referees_of(_filled("character"))
    assert errors == [("employed", EMPLOYED_MISSING)]
    _, errors = referees_of({**_filled("employer"), "referee2-relationship": ["professional"]})
    assert [field for field, _ in errors] == ["employed"]

    values, errors = referees_of(_filled("character", employed="no"))
    assert errors == []
    body = body_of(values)
    assert body["employed_in_last_three_years"] is False
    assert [r["relationship"] for r in body["referees"]] == ["character", "character"]


def test_the_paid_work_answer_and_the_organisation_are_sent_when_given() -> None:
    form = _filled("employer", employed="yes", **{"referee1-organisation": " Bucks Council "})
    values, errors = referees_of(form)
    assert errors == []
    body = body_of(values)
    assert body["employed_in_last_three_years"] is True
    assert body["referees"][0]["organisation"] == "Bucks Council"
    assert "organisation" not in body["referees"][1]
    assert set(body["referees"][0]) == {"name", "email", "relationship", "organisation"}


def test_every_unanswered_question_is_named_in_the_page_order() -> None:
    form = {
        **_filled("character"),
        "referee1-relationship": [],
        "referee2-email": [" "],
        "referee2-relationship": ["line manager"],
    }
    _, errors = referees_of(form)
    assert [field for field, _ in errors] == [
        "referee1-relationship",
        "referee2-email",
        "referee2-relationship",
    ]
    _, errors = referees_of({**_filled("employer"), "referee1-relationship": ["character"]})
    assert [field for field, _ in errors] == ["employed"]


def test_the_services_refusals_land_on_the_fields_they_name() -> None:
    errors = form_errors(
        [
            {"field": "referees.1.relationship", "message": "...", "code": "invalid"},
            {"field": "referees.0.email", "message": "...", "code": "referee_is_applicant"},
            {"field": "employed_in_last_three_years", "message": "...", "code": "invalid"},
        ]
    )
    assert errors == [
        ("referee2-relationship", NOT_AN_EMPLOYER),
        ("referee1-email", "Give someone other than yourself"),
        ("employed", EMPLOYED_MISSING),
    ]


class RefereesApplications(FakeApplications):
    """An accepted application whose referees are not given yet; ``refusing`` is what the
    service answers instead (a Refused), if anything."""

    refusing: Refused | None = None

    async def give_referees(
        self, application_id: str, token: str, body: dict[str, Any]
    ) -> dict[str, Any] | None:
        self.asked.append(("give_referees", application_id, token, body))
        if self.refusing is not None:
            raise self.refusing
        return self.found


def _signed_in() -> tuple[FastAPI, httpx.AsyncClient]:
    app = _app(None)
    app.state.api = RefereesApplications(
        {"application_id": "a1", "status": "accepted", "references": []}
    )
    return app, _client(app, SIGNED_IN)


def _posted(form: dict[str, list[str]]) -> dict[str, str]:
    return {"csrf_token": CSRF, **{name: values[0] for name, values in form.items() if values}}


async def test_the_form_asks_how_each_referee_knows_the_applicant_with_hints() -> None:
    _, client = _signed_in()
    page = await client.get("/application/referees")
    assert page.status_code == 200
    for n in (1, 2):
        assert f'id="referee{n}-relationship" name="referee{n}-relationship"' in page.text
        assert f'id="referee{n}-relationship-3-item-hint"' in page.text
    assert 'value="employer"' in page.text
    assert "Someone who managed you in a paid job" in page.text
    assert "Their organisation and address (optional)" in page.text
    assert 'name="referee1-kind"' not in page.text


async def test_two_employers_are_sent_without_the_paid_work_answer() -> None:
    app, client = _signed_in()
    sent = await client.post("/application/referees", data=_posted(_filled("employer")))
    assert (sent.status_code, sent.headers["location"]) == (303, "/application")
    [(_, _, _, body)] = [a for a in app.state.api.asked if a[0] == "give_referees"]
    assert "employed_in_last_three_years" not in body
    assert [r["relationship"] for r in body["referees"]] == ["employer", "employer"]


async def test_the_services_refusal_of_a_character_referee_shows_on_its_radios() -> None:
    app, client = _signed_in()
    app.state.api.refusing = Refused(
        422,
        "referees.1.relationship: a professional or character referee is only for ...",
        [{"field": "referees.1.relationship", "message": "...", "code": "invalid"}],
    )
    form = {**_filled("employer", employed="yes"), "referee2-relationship": ["character"]}
    answered = await client.post("/application/referees", data=_posted(form))
    assert answered.status_code == 422
    assert 'href="#referee2-relationship"' in answered.text
    assert "A professional or character referee is only for" in answered.text
    assert 'value="character" checked' in answered.text  # what was chosen is kept

"""Equality monitoring: optional answers held here alone (never in an event), in the subject
access export until erased, and reported to operations only as suppressed counts."""

import csv
import io
from typing import Any

import pytest

from returners_cli.testing.databases import query
from returners_cli.testing.kafka import read_topic, wait_for_records
from returners_cli.testing.submissions import submission_body

from .conftest import OPS_TOKEN, Service

pytestmark = pytest.mark.integration

OPS = {"Authorization": f"Bearer {OPS_TOKEN}"}
SUBMITTED = "returners.application.submitted.v1"
ANSWERS = {
    "career_break_reason": "caring_for_an_adult",
    "sex": "prefer_not_to_say",
    "age_band": "45_to_54",
    "ethnicity": "mixed",
    "disability": "yes",
}


async def submit(service: Service, equality: dict[str, str] | None = None) -> dict[str, Any]:
    body = submission_body()
    if equality is not None:
        body["equality"] = equality
    response = await service.client.post("/applications", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def export(service: Service, application_id: str) -> dict[str, Any]:
    response = await service.client.get(
        f"/admin/applications/{application_id}/personal-data", headers=OPS
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_the_answers_are_held_exported_and_erased_but_never_published(
    service: Service,
) -> None:
    submitted = await submit(service, ANSWERS)
    application_id = submitted["application_id"]

    held = await export(service, application_id)
    assert {k: held["equality"][k] for k in ANSWERS} == ANSWERS
    [event] = await wait_for_records(
        service.kafka,
        service.topic("returners.applications"),
        lambda r: r.key == application_id and r.headers["ce_type"] == SUBMITTED,
    )
    text = event.value.decode()  # type: ignore[union-attr]
    assert "equality" not in text
    assert [k for k in ANSWERS if k in text] == []
    assert "caring_for_an_adult" not in text
    assert "45_to_54" not in text

    erased = await service.client.delete(
        f"/applications/{application_id}/personal-data",
        headers={"Authorization": f"Bearer {submitted['access_token']}"},
    )
    assert erased.status_code == 204
    assert (await export(service, application_id))["equality"] is None
    left = await query(
        service.settings.database_url,
        "SELECT count(*) AS n FROM equality_answers WHERE application_id = $1",
        application_id,
    )
    assert left[0]["n"] == 0
    every_event = await read_topic(service.kafka, service.topic("returners.applications"))
    assert [r.offset for r in every_event if b"caring_for_an_adult" in (r.value or b"")] == []


async def test_an_unknown_answer_is_refused_naming_the_question_and_nothing_is_saved(
    service: Service,
) -> None:
    body = {**submission_body(), "equality": {"sex": "female", "ethnicity": "martian"}}
    refused = await service.client.post("/applications", json=body)
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in refused.json()["errors"]] == ["equality.ethnicity"]
    rows = await query(service.settings.database_url, "SELECT count(*) AS n FROM applications")
    assert rows[0]["n"] == 0


async def test_answers_saved_in_a_draft_go_with_the_application_it_becomes(
    service: Service,
) -> None:
    started = await service.client.post(
        "/drafts", json={"programme_id": "rtsw-open", "answers": {"equality": {"sex": "male"}}}
    )
    draft_id, token = started.json()["draft"]["draft_id"], started.json()["session_token"]
    bearer = {"Authorization": f"Bearer {token}"}
    refused = await service.client.patch(
        f"/drafts/{draft_id}", json={"equality": {"age_band": "ancient"}}, headers=bearer
    )
    assert [e["field"] for e in refused.json()["errors"]] == ["equality.age_band"]
    saved = await service.client.patch(
        f"/drafts/{draft_id}", json={"equality": {"disability": "no"}}, headers=bearer
    )
    assert saved.json()["answers"]["equality"] == {"sex": "male", "disability": "no"}
    full = submission_body()
    sent = await service.client.post(
        f"/drafts/{draft_id}/submit",
        json={k: full[k] for k in ("contact", "right_to_work_uk", "registration", "preferences")}
        | {"consent": {"data_processing": True}},
        headers=bearer,
    )
    assert sent.status_code == 201, sent.text
    held = await export(service, sent.json()["application_id"])
    assert (held["equality"]["sex"], held["equality"]["disability"]) == ("male", "no")
    assert held["equality"]["ethnicity"] is None


async def test_the_report_shows_large_groups_and_suppresses_small_ones_and_their_giveaways(
    service: Service,
) -> None:
    for _ in range(10):
        await submit(service, {"sex": "female", "career_break_reason": "caring_for_children"})
    for _ in range(6):
        await submit(service, {"sex": "male", "career_break_reason": "caring_for_an_adult"})
    for _ in range(2):
        await submit(service, {"career_break_reason": "caring_for_an_adult"})

    assert (await service.client.get("/admin/programmes/rtsw-open/equality")).status_code == 401
    missing = await service.client.get("/admin/programmes/no-such/equality", headers=OPS)
    assert missing.status_code == 404
    response = await service.client.get("/admin/programmes/rtsw-open/equality", headers=OPS)
    assert response.status_code == 200, response.text
    report = response.json()

    shown = {
        (q["question"], row["answer"], column): cell["count"]
        for q in report["questions"]
        for row in (*q["rows"], q["total"])
        for column, cell in (("applied", row["applied"]), *row["outcomes"].items())
        if not cell["suppressed"]
    }
    # Every applicant is still awaiting eligibility: the answers' sizes and the total show,
    # and everything else (each a zero, the 8 caring for an adult that would give away the
    # zeros beside it, the 2 who left sex out) is suppressed.
    assert shown == {
        ("career_break_reason", "caring_for_children", "applied"): 10,
        ("sex", "female", "applied"): 10,
        ("sex", "male", "applied"): 6,
        **{(q, "total", "applied"): 18 for q in ANSWERS},
    }
    hidden = [
        cell
        for q in report["questions"]
        for row in q["rows"]
        for cell in (row["applied"], *row["outcomes"].values())
        if cell["suppressed"]
    ]
    assert hidden
    assert all(cell["count"] is None for cell in hidden)

    as_csv = await service.client.get(
        "/admin/programmes/rtsw-open/equality", params={"format": "csv"}, headers=OPS
    )
    assert as_csv.headers["content-type"].startswith("text/csv")
    lines = list(csv.DictReader(io.StringIO(as_csv.text)))
    female = next(r for r in lines if (r["question"], r["answer"]) == ("sex", "female"))
    male_unanswered = next(
        r for r in lines if (r["question"], r["answer"]) == ("sex", "not_answered")
    )
    assert (female["applied"], female["awaiting_eligibility"]) == ("10", "[c]")
    assert male_unanswered["applied"] == "[c]"

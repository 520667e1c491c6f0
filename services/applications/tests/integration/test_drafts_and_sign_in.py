"""The portal's side of the API: drafts saved a part at a time and sent, one-time sign-in links
(asked for with an address, issued to notifications at send time, spent once), sessions."""

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from applications.bootstrap import create_app
from returners_cli.http_auth import bearer
from returners_cli.testing.kafka import Record, wait_for_records
from returners_cli.testing.polling import eventually
from returners_cli.testing.services import running
from returners_cli.testing.submissions import submission_body
from returners_platform.clock import ShiftableClock
from returners_platform.contracts.events import ProgrammePublishedV3
from returners_platform.contracts.examples import EXAMPLES

from ..conftest import open_programme
from .conftest import INTERNAL_TOKEN, Service, make_settings, wait_for_programme

pytestmark = pytest.mark.integration

INTERNAL = {"Authorization": f"Bearer {INTERNAL_TOKEN}"}
REQUESTED = "returners.sign_in_link.requested.v1"
FULL = submission_body()


async def new_draft(service: Service, **answers: Any) -> tuple[str, str]:
    response = await service.client.post(
        "/drafts", json={"programme_id": "rtsw-open", "answers": answers}
    )
    assert response.status_code == 201, response.text
    return response.json()["draft"]["draft_id"], response.json()["session_token"]


async def requested_event(service: Service, request_id: str) -> Record:
    [record] = await wait_for_records(
        service.kafka,
        service.topic("returners.applications"),
        lambda r: r.key == request_id and r.headers["ce_type"] == REQUESTED,
    )
    return record


async def new_request_id(service: Service, seen: set[str]) -> str:
    """The id of a sign_in_link.requested not ``seen`` before (then seen)."""
    [record] = await wait_for_records(
        service.kafka,
        service.topic("returners.applications"),
        lambda r: r.headers["ce_type"] == REQUESTED and r.key not in seen,
    )
    seen.add(str(record.key))
    return str(record.key)


async def test_a_draft_is_saved_a_part_at_a_time_and_sent_as_one_application(
    service: Service,
) -> None:
    draft_id, token = await new_draft(service, right_to_work_uk=True)
    refused = await service.client.patch(
        f"/drafts/{draft_id}",
        json={"contact": {"email": "not an address", "postcode": "XX"}},
        headers=bearer(token),
    )
    assert refused.status_code == 422
    assert {e["field"] for e in refused.json()["errors"]} == {"contact.email", "contact.postcode"}

    for part in ("contact", "registration", "preferences"):
        saved = await service.client.patch(
            f"/drafts/{draft_id}", json={part: FULL[part]}, headers=bearer(token)
        )
        assert saved.status_code == 200, saved.text
    assert saved.json()["answers"]["contact"]["postcode"] == "HP20 1UA"
    assert saved.json()["email"] == FULL["contact"]["email"]

    without_consent = await service.client.post(f"/drafts/{draft_id}/submit", headers=bearer(token))
    assert without_consent.status_code == 422
    assert [e["field"] for e in without_consent.json()["errors"]] == ["consent"]

    sent = await service.client.post(
        f"/drafts/{draft_id}/submit",
        json={"consent": {"data_processing": True}},
        headers=bearer(token),
    )
    assert sent.status_code == 201, sent.text
    assert sent.json()["kind"] == "application"
    application_id, session = sent.json()["application_id"], sent.json()["session_token"]
    view = await service.status(application_id, session)
    assert view["status"] == "submitted"
    await wait_for_records(
        service.kafka,
        service.topic("returners.applications"),
        lambda r: r.key == application_id,
    )
    gone = await service.client.get(f"/drafts/{draft_id}", headers=bearer(token))
    assert gone.status_code == 404


async def test_save_and_come_back_later_emails_a_link_that_opens_the_draft_once(
    service: Service,
) -> None:
    seen: set[str] = set()
    draft_id, token = await new_draft(
        service, contact={"given_name": "Grace", "email": "grace@example.org"}
    )
    asked = await service.client.post(
        f"/drafts/{draft_id}/resume-link",
        json={"email": "grace.h@example.org"},
        headers=bearer(token),
    )
    assert asked.status_code == 202
    request_id = await new_request_id(service, seen)
    event = (await requested_event(service, request_id)).json()
    assert set(event["data"]) == {"sign_in_request_id", "requested_at"}

    not_internal = await service.client.post(
        f"/internal/sign-in-links/{request_id}/issue", headers=bearer(token)
    )
    assert not_internal.status_code == 401
    issued = await service.client.post(
        f"/internal/sign-in-links/{request_id}/issue", headers=INTERNAL
    )
    assert issued.status_code == 200, issued.text
    link = issued.json()
    assert (link["purpose"], link["email"], link["given_name"]) == (
        "resume",
        "grace.h@example.org",
        "Grace",
    )
    assert link["link_token"] not in event.__repr__()

    opened = await service.client.post(
        "/sign-in-links/exchange", json={"token": link["link_token"]}
    )
    assert opened.status_code == 200, opened.text
    assert (opened.json()["kind"], opened.json()["draft_id"]) == ("draft", draft_id)
    resumed = await service.client.get(
        f"/drafts/{draft_id}", headers=bearer(opened.json()["session_token"])
    )
    assert resumed.json()["answers"]["contact"]["given_name"] == "Grace"

    again = await service.client.post("/sign-in-links/exchange", json={"token": link["link_token"]})
    assert again.status_code == 404
    reissued = await service.client.post(
        f"/internal/sign-in-links/{request_id}/issue", headers=INTERNAL
    )
    assert reissued.status_code == 404


async def test_asking_for_a_sign_in_link_answers_the_same_whether_or_not_we_know_the_address(
    service: Service,
) -> None:
    seen: set[str] = set()
    submitted = await service.client.post("/applications", json=FULL)
    application_id = submitted.json()["application_id"]
    known = await service.client.post(
        "/sign-in-links", json={"email": FULL["contact"]["email"].upper()}
    )
    known_id = await new_request_id(service, seen)
    unknown = await service.client.post("/sign-in-links", json={"email": "nobody@example.org"})
    unknown_id = await new_request_id(service, seen)
    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    assert known.status_code == 202

    nothing = await service.client.post(
        f"/internal/sign-in-links/{unknown_id}/issue", headers=INTERNAL
    )
    assert nothing.status_code == 404
    issued = await service.client.post(
        f"/internal/sign-in-links/{known_id}/issue", headers=INTERNAL
    )
    assert (issued.json()["purpose"], issued.json()["email"]) == ("sign_in", "ada@example.org")

    # Only the latest token issued for a request works (a retried send replaces it).
    latest = await service.client.post(
        f"/internal/sign-in-links/{known_id}/issue", headers=INTERNAL
    )
    stale = await service.client.post(
        "/sign-in-links/exchange", json={"token": issued.json()["link_token"]}
    )
    assert stale.status_code == 404
    opened = await service.client.post(
        "/sign-in-links/exchange", json={"token": latest.json()["link_token"]}
    )
    assert opened.json()["application_id"] == application_id
    session = opened.json()["session_token"]
    assert (await service.status(application_id, session))["status"] == "submitted"

    signed_out = await service.client.delete("/sessions/current", headers=bearer(session))
    assert signed_out.status_code == 204
    after = await service.client.get(f"/applications/{application_id}", headers=bearer(session))
    assert after.status_code == 404
    again = await service.client.delete("/sessions/current", headers=bearer(session))
    assert again.status_code == 401  # a closed session is no credential


async def test_an_application_gets_at_most_three_links_in_a_quarter_of_an_hour(
    service: Service,
) -> None:
    seen: set[str] = set()
    await service.client.post("/applications", json=submission_body(contact={"email": "l@x.org"}))
    issued = []
    for _ in range(4):
        answer = await service.client.post("/sign-in-links", json={"email": "l@x.org"})
        assert answer.status_code == 202
        request_id = await new_request_id(service, seen)
        issue = await service.client.post(
            f"/internal/sign-in-links/{request_id}/issue", headers=INTERNAL
        )
        issued.append(issue.status_code)
    assert issued == [200, 200, 200, 404]


@pytest.fixture
async def clocked(
    database: str, kafka_bootstrap: str, topic_prefix: str
) -> AsyncIterator[tuple[Service, ShiftableClock]]:
    clock = ShiftableClock()
    settings = make_settings(database, kafka_bootstrap, topic_prefix)
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        svc = Service(client, settings, kafka_bootstrap, topic_prefix, app)
        await svc.deliver(open_programme())
        await wait_for_programme(svc, "rtsw-open")
        yield svc, clock


async def test_links_and_sessions_expire(clocked: tuple[Service, ShiftableClock]) -> None:
    service, clock = clocked
    seen: set[str] = set()
    await service.client.post("/applications", json=FULL)
    await service.client.post("/sign-in-links", json={"email": FULL["contact"]["email"]})
    first = await new_request_id(service, seen)
    token = (
        await service.client.post(f"/internal/sign-in-links/{first}/issue", headers=INTERNAL)
    ).json()["link_token"]
    opened = await service.client.post("/sign-in-links/exchange", json={"token": token})
    session = opened.json()["session_token"]
    application_id = opened.json()["application_id"]

    await service.client.post("/sign-in-links", json={"email": FULL["contact"]["email"]})
    second = await new_request_id(service, seen)
    clock.advance(timedelta(minutes=service.settings.sign_in_link_minutes + 1))
    expired = await service.client.post(f"/internal/sign-in-links/{second}/issue", headers=INTERNAL)
    assert expired.status_code == 404
    clock.advance(timedelta(minutes=service.settings.session_minutes))

    async def status() -> httpx.Response:
        return await service.client.get(f"/applications/{application_id}", headers=bearer(session))

    await eventually(status, until=lambda r: r.status_code == 404, what="session expired")


async def test_a_published_programme_is_shown_with_its_rules_and_an_unknown_one_is_404(
    service: Service,
) -> None:
    shown = await service.client.get("/programmes/rtsw-open")
    assert shown.status_code == 200, shown.text
    body = shown.json()
    assert body["programme_id"] == "rtsw-open"
    assert {"min_years_out", "max_years_out", "recognised_bodies", "updating_days"} <= set(body)
    missing = await service.client.get("/programmes/no-such-programme")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")


async def test_a_programme_of_another_profession_is_shown_with_its_families_and_rules(
    service: Service,
) -> None:
    planning = EXAMPLES[ProgrammePublishedV3]
    assert isinstance(planning, ProgrammePublishedV3)
    await service.deliver(planning)

    shown = await eventually(
        lambda: service.client.get(f"/programmes/{planning.programme_id}"),
        until=lambda r: r.status_code == 200,
        what="the planning programme kept",
    )
    body = shown.json()
    assert body["job_families"] == [f.model_dump() for f in planning.job_families]
    assert body["eligibility"] == planning.eligibility.model_dump(mode="json")
    assert body["specialisms"] is None
    assert body["recognised_bodies"] is None
    social_work = (await service.client.get("/programmes/rtsw-open")).json()
    assert [f["code"] for f in social_work["job_families"]] == social_work["specialisms"]
    assert social_work["eligibility"]["previously_registered"]["bodies"] == [
        b.upper() for b in social_work["recognised_bodies"]
    ]

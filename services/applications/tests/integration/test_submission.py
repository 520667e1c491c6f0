"""Submitting an application: the event on the topic, idempotency, validation, refusals."""

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import jsonschema
import pytest

from applications.bootstrap import create_app
from returners_cli.testing.databases import query
from returners_cli.testing.kafka import read_topic, wait_for_records
from returners_cli.testing.polling import eventually
from returners_cli.testing.services import running
from returners_cli.testing.submissions import submission_body
from returners_platform.contracts.events import ProgrammePublishedV3
from returners_platform.contracts.examples import EXAMPLES

from ..conftest import open_programme
from .conftest import Service, make_settings, wait_for_programme

pytestmark = pytest.mark.integration

SCHEMAS = Path(__file__).parents[4] / "contracts" / "schemas"
EXAMPLE = submission_body()
# Whole values in each spelling the service could store them in: fragments such as "7700"
# turn up by chance in the event's random ids.
CONTACT_VALUES = [
    "Ada",
    "Lovelace",
    "ada@example.org",
    "7700 900123",
    "7700900123",
    "HP20 1UA",
    "HP201UA",
]


async def test_a_submission_publishes_exactly_one_valid_event_keyed_by_the_application(
    service: Service, body: dict[str, Any]
) -> None:
    response = await service.client.post("/applications", json=body)
    assert response.status_code == 201, response.text
    answer = response.json()
    assert answer["status"] == "submitted"
    assert answer["access_token"]
    application_id = answer["application_id"]

    [record] = await wait_for_records(
        service.kafka, service.topic("returners.applications"), lambda r: r.key == application_id
    )
    event = record.json()
    assert event["type"] == "returners.application.submitted.v1"
    assert event["subject"] == application_id
    jsonschema.validate(event, _schema("cloudevent.envelope"))
    jsonschema.validate(event["data"], _schema("returners.application.submitted.v1"))
    assert not [v for v in CONTACT_VALUES if v in record.value.decode()]  # type: ignore[union-attr]


async def test_the_same_idempotency_key_and_body_give_one_application_and_one_event(
    service: Service, body: dict[str, Any]
) -> None:
    headers = {"Idempotency-Key": "retry-me-123"}
    first = await service.client.post("/applications", json=body, headers=headers)
    second = await service.client.post("/applications", json=body, headers=headers)

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()  # the same application, the same token
    application_id = first.json()["application_id"]
    await wait_for_records(
        service.kafka, service.topic("returners.applications"), lambda r: r.key == application_id
    )
    submitted = [
        r
        for r in await read_topic(service.kafka, service.topic("returners.applications"))
        if r.headers["ce_type"] == "returners.application.submitted.v1"
    ]
    assert [r.key for r in submitted] == [application_id]


async def test_the_same_idempotency_key_with_another_body_is_refused(
    service: Service, body: dict[str, Any]
) -> None:
    headers = {"Idempotency-Key": "key-1"}
    await service.client.post("/applications", json=body, headers=headers)
    other = submission_body(right_to_work_uk=False)
    response = await service.client.post("/applications", json=other, headers=headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"


async def test_racing_requests_with_one_key_make_one_application(
    service: Service, body: dict[str, Any]
) -> None:
    """The key is taken in the statement that records the application: a request that finds
    it held waits for the holder's commit, then answers with the holder's application."""
    headers = {"Idempotency-Key": "race-me"}
    answers = await asyncio.gather(
        *(service.client.post("/applications", json=body, headers=headers) for _ in range(5))
    )
    assert sorted(a.status_code for a in answers) == [200, 200, 200, 200, 201]
    assert len({json.dumps(a.json(), sort_keys=True) for a in answers}) == 1
    [counts] = await query(
        service.settings.database_url,
        "SELECT (SELECT count(*) FROM applications) AS applications,"
        " (SELECT count(*) FROM outbox) AS events",
    )
    assert dict(counts) == {"applications": 1, "events": 1}


async def test_a_retry_after_the_programme_closed_is_answered_with_its_application(
    service: Service, body: dict[str, Any]
) -> None:
    headers = {"Idempotency-Key": "accepted-before-closing"}
    first = await service.client.post("/applications", json=body, headers=headers)
    assert first.status_code == 201, first.text
    now = datetime.now(UTC)
    await service.deliver(
        open_programme(closes_at=now - timedelta(days=1), published_at=now + timedelta(seconds=1))
    )
    closed = "SELECT closes_at < now() AS closed FROM programmes WHERE programme_id = 'rtsw-open'"
    await eventually(  # read in the database: every submission counts against the rate limit
        lambda: query(service.settings.database_url, closed),
        until=lambda rows: bool(rows) and rows[0]["closed"],
        what="the closing consumed",
    )
    retry = await service.client.post("/applications", json=body, headers=headers)
    assert (retry.status_code, retry.json()) == (200, first.json())
    unknown = await service.client.post(
        "/applications", json=body, headers={"Idempotency-Key": "never-used"}
    )
    assert unknown.status_code == 409


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"contact": {"given_name": "Ada"}}, "contact.family_name"),
        ({"right_to_work_uk": "maybe"}, "right_to_work_uk"),
        ({"consent": {"data_processing": False}}, "consent.data_processing"),
        ({"programme_id": "Not A Slug"}, "programme_id"),
        (
            {"preferences": {"regions": ["Atlantis"], "specialisms": ["children"]}},
            "preferences.regions.0",
        ),
        ({"preferences": {"regions": [], "specialisms": ["children"]}}, "preferences.regions"),
        (
            {"registration": {**EXAMPLE["registration"], "last_practised": "2999-01-01"}},
            "registration.last_practised",
        ),
        (
            {"registration": {**EXAMPLE["registration"], "statutory_practice_years": -1}},
            "registration.statutory_practice_years",
        ),
        ({"contact": {**EXAMPLE["contact"], "email": "not-an-email"}}, "contact.email"),
        ({"contact": {**EXAMPLE["contact"], "postcode": "12345"}}, "contact.postcode"),
        ({"surprise": True}, "surprise"),
    ],
)
async def test_an_invalid_body_gets_422_naming_the_field(
    service: Service, change: dict[str, Any], field: str
) -> None:
    response = await service.client.post("/applications", json={**EXAMPLE, **change})
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]


async def test_preferences_outside_the_programme_are_refused_naming_the_field(
    service: Service,
) -> None:
    await service.deliver(open_programme("planning-2027", regions=["London"]))
    body = submission_body(programme_id="planning-2027")
    response = await _eventually_not_409(service, body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "preferences.regions"


async def test_an_oversized_body_gets_413(service: Service) -> None:
    huge = submission_body(contact={"given_name": "x" * 100_000})
    response = await service.client.post("/applications", content=json.dumps(huge))
    assert response.status_code == 413


@pytest.mark.parametrize("programme", ["no-such-programme", "rtsw-closed"])
async def test_an_unknown_or_closed_programme_is_refused_with_409_and_nothing_published(
    service: Service, programme: str
) -> None:
    closed = open_programme(
        "rtsw-closed",
        opens_at=open_programme().opens_at.replace(year=2020),
        closes_at=open_programme().closes_at.replace(year=2020),
    )
    await service.deliver(closed)
    before = await read_topic(service.kafka, service.topic("returners.applications"))
    response = await _eventually_not_409(
        service, submission_body(programme_id=programme), expect=409
    )
    assert response.status_code == 409
    assert response.json()["code"] in ("unknown_programme", "programme_closed")
    # Prove the topic would have shown an event: a valid submission after it does appear.
    ok = await service.client.post("/applications", json=submission_body())
    await wait_for_records(
        service.kafka,
        service.topic("returners.applications"),
        lambda r: r.key == ok.json()["application_id"],
    )
    after = await read_topic(service.kafka, service.topic("returners.applications"))
    assert [r.key for r in after if r not in before] == [ok.json()["application_id"]]


async def _eventually_not_409(service: Service, body: dict[str, Any], expect: int = 0) -> Any:
    """Wait until the programme event is consumed (409 unknown_programme goes away)."""

    async def attempt() -> Any:
        return await service.client.post("/applications", json=body)

    if expect == 409:
        return await eventually(
            attempt,
            until=lambda r: (
                r.status_code != 409
                or r.json()["code"] != "unknown_programme"
                or body["programme_id"] == "no-such-programme"
            ),
            what="programme consumed",
        )
    return await eventually(
        attempt,
        until=lambda r: not (r.status_code == 409 and r.json()["code"] == "unknown_programme"),
        what="programme consumed",
    )


def _schema(name: str) -> dict[str, Any]:
    return dict(json.loads((SCHEMAS / f"{name}.json").read_text()))


async def test_after_the_idempotency_window_a_replay_names_the_application_but_not_its_token(
    database: str, kafka_bootstrap: str, topic_prefix: str, body: dict[str, Any]
) -> None:
    settings = make_settings(database, kafka_bootstrap, topic_prefix)
    app = create_app(settings)
    async with running(app) as client:
        svc = Service(client, settings, kafka_bootstrap, topic_prefix, app)
        await svc.deliver(open_programme())
        await wait_for_programme(svc, "rtsw-open")
        headers = {"Idempotency-Key": "old-key"}
        first = await client.post("/applications", json=body, headers=headers)
        conn = await asyncpg.connect(database)
        try:
            await conn.execute("UPDATE idempotency_keys SET created_at = now() - interval '2 days'")
            await app.state.idempotency.forget_expired_responses(conn, datetime.now(UTC))
            assert await conn.fetchval("SELECT response_ciphertext FROM idempotency_keys") is None
        finally:
            await conn.close()
        replay = await client.post("/applications", json=body, headers=headers)
        assert replay.status_code == 200
        assert replay.json() == {**first.json(), "access_token": None}


async def test_submissions_over_the_rate_limit_are_refused_with_429_and_retry_after(
    database: str, kafka_bootstrap: str, topic_prefix: str, body: dict[str, Any]
) -> None:
    settings = make_settings(database, kafka_bootstrap, topic_prefix, submissions_per_minute=3)
    app = create_app(settings)
    async with running(app) as client:
        svc = Service(client, settings, kafka_bootstrap, topic_prefix, app)
        await svc.deliver(open_programme())
        await wait_for_programme(svc, "rtsw-open")
        answers = [(await client.post("/applications", json=body)).status_code for _ in range(4)]
        assert answers == [201, 201, 201, 429]
        refused = await client.post("/applications", json=body)
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "60"
        status = await client.get("/healthz")
        assert status.status_code == 200  # only submissions are limited


def planning_programme() -> ProgrammePublishedV3:
    """The LGA's 2020-21 planning cohort (its example), open now."""
    now = datetime.now(UTC)
    return EXAMPLES[ProgrammePublishedV3].model_copy(
        update={
            "programme_id": "planning-open",
            "opens_at": now - timedelta(days=30),
            "closes_at": now + timedelta(days=30),
            "published_at": now,
        }
    )


def planner_body(**history: Any) -> dict[str, Any]:
    """Someone out of planning since 2017 after 38 months' caring, with 4 years in town
    planning: what the planning programme asks, and no register."""
    answers: dict[str, Any] = {
        "last_practised": "2017-08-31",
        "currently_practising": False,
        "experience": [{"field": "town_planning", "years": 4}],
        "career_break": {"reason": "caring", "months": 38},
        **history,
    }
    body = submission_body(programme_id="planning-open")
    del body["registration"]
    return {
        **body,
        "history": {k: v for k, v in answers.items() if v is not None},
        "preferences": {"regions": ["South East"], "job_families": ["development_management"]},
    }


async def test_an_application_to_a_planning_programme_asks_what_its_rules_ask(
    service: Service,
) -> None:
    await service.deliver(planning_programme())
    missing = await _eventually_not_409(service, planner_body(experience=None))
    assert missing.status_code == 422, missing.text
    assert missing.json()["errors"][0]["field"] == "history.experience"
    wrong_family = await service.client.post(
        "/applications",
        json={
            **planner_body(),
            "preferences": {"regions": ["South East"], "job_families": ["children"]},
        },
    )
    assert wrong_family.status_code == 422, wrong_family.text
    assert wrong_family.json()["errors"][0]["field"] == "preferences.job_families"
    social_worker = {**submission_body(programme_id="planning-open")}
    refused = await service.client.post("/applications", json=social_worker)
    assert refused.status_code == 422, refused.text  # social work's specialisms are not its
    assert refused.json()["errors"][0]["field"] == "preferences.specialisms"

    response = await service.client.post("/applications", json=planner_body())
    assert response.status_code == 201, response.text
    application_id = response.json()["application_id"]
    [record] = await wait_for_records(
        service.kafka, service.topic("returners.applications"), lambda r: r.key == application_id
    )
    event = record.json()
    assert event["type"] == "returners.application.submitted.v2"
    jsonschema.validate(event["data"], _schema("returners.application.submitted.v2"))
    assert event["data"]["history"]["career_break"] == {"reason": "caring", "months": 38}
    assert event["data"]["preferences"]["job_families"] == ["development_management"]
    assert not [v for v in CONTACT_VALUES if v in record.value.decode()]  # type: ignore[union-attr]


async def test_a_programme_kept_before_its_rules_were_kept_apart_is_checked_by_its_definition(
    service: Service,
) -> None:
    """A programme row from before migration 0010 has no ``eligibility``: its definition says
    which answers are asked (a planner's missing experience is still refused, naming it)."""
    await service.deliver(planning_programme())
    await _eventually_not_409(service, planner_body(experience=None))
    await query(
        service.settings.database_url,
        "UPDATE programmes SET eligibility = NULL WHERE programme_id = 'planning-open'",
    )
    missing = await service.client.post("/applications", json=planner_body(experience=None))
    assert missing.status_code == 422, missing.text
    assert missing.json()["errors"][0]["field"] == "history.experience"
    complete = await service.client.post("/applications", json=planner_body())
    assert complete.status_code == 201, complete.text


async def test_a_submission_is_checked_against_its_programme_as_it_stands(
    service: Service, body: dict[str, Any]
) -> None:
    """The service keeps each programme's window as last read; the statement that records a
    submission checks the programme has not changed since, and a refusal is the programme's
    as it stands: closing it refuses the next submission, opening it again accepts one."""
    first = await service.client.post("/applications", json=body)
    assert first.status_code == 201, first.text  # the window read and kept
    base = open_programme()
    now = datetime.now(UTC)
    await service.deliver(
        open_programme(closes_at=now - timedelta(days=1), published_at=now + timedelta(seconds=1))
    )
    closed = await eventually(
        lambda: service.client.post("/applications", json=body),
        until=lambda r: r.status_code == 409,
        what="the closing consumed",
    )
    assert closed.json()["code"] == "programme_closed"
    await service.deliver(
        open_programme(closes_at=base.closes_at, published_at=now + timedelta(seconds=2))
    )
    reopened = await eventually(
        lambda: service.client.post("/applications", json=body),
        until=lambda r: r.status_code == 201,
        what="the reopening consumed",
    )
    await wait_for_records(
        service.kafka,
        service.topic("returners.applications"),
        lambda r: r.key == reopened.json()["application_id"],
    )
    [counts] = await query(
        service.settings.database_url,
        "SELECT (SELECT count(*) FROM applications) AS applications,"
        " (SELECT count(*) FROM applicant_contacts) AS contacts,"
        " (SELECT count(*) FROM timeline_entries) AS entries,"
        " (SELECT count(*) FROM outbox) AS events",
    )
    # every submission accepted wrote all of itself; every refusal nothing
    assert counts["applications"] >= 2
    assert len(set(counts.values())) == 1, dict(counts)

"""References against real Kafka and Postgres: an applicant who accepted an offer gives two
referees (stored here only; ``reference.requested`` once each, ids only); each referee's
one-time link (issued to notifications at send time) opens their reference only, once, until
it expires; ``reference.received`` carries the outcome only; erasure (on request or when the
retention period passes) removes referees and references; subject access includes them."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from applications.bootstrap import create_app
from returners_cli.http_auth import bearer
from returners_cli.testing.databases import database_text, query
from returners_cli.testing.kafka import Record, read_topic, wait_for_records
from returners_cli.testing.polling import eventually
from returners_cli.testing.services import running
from returners_cli.testing.submissions import submission_body
from returners_platform.clock import ShiftableClock
from returners_platform.contracts.events import PlacementOffered
from returners_platform.contracts.examples import EXAMPLES

from ..conftest import open_programme
from .conftest import INTERNAL_TOKEN, OPS_TOKEN, Service, make_settings, wait_for_programme

pytestmark = pytest.mark.integration

INTERNAL = {"Authorization": f"Bearer {INTERNAL_TOKEN}"}
OPS = {"Authorization": f"Bearer {OPS_TOKEN}"}
REQUESTED = "returners.reference.requested.v1"
RECEIVED = "returners.reference.received.v1"
STATEMENT = "Ada was a thorough, kind and reliable colleague; I recommend her warmly."
REFEREES = [
    {
        "name": "Rosalind Quenby",
        "email": "r.quenby@example.org",
        "relationship": "professional",
        "organisation": "Bucks Council Children's Services\n1 Walton Street, Aylesbury HP20 1UA",
    },
    {
        "name": "Thaddeus Wolvercote",
        "email": "t.wolvercote@example.net",
        "relationship": "character",
        "organisation": "Aylesbury Community Choir, 2 Market Square",
    },
]
REFEREE_VALUES = [
    "Rosalind Quenby",
    "r.quenby@example.org",
    "Walton Street",
    "Thaddeus Wolvercote",
    "t.wolvercote@example.net",
    "Community Choir",
]
# SPEC's body: two employers, no organisation, nothing said of employment.
EMPLOYERS = {
    "referees": [
        {"name": "Ottoline Marsh", "email": "o.marsh@example.org", "relationship": "employer"},
        {"name": "Peregrine Lusk", "email": "p.lusk@example.net", "relationship": "employer"},
    ]
}


def referees_body(employed: bool = False, referees: list[dict[str, Any]] = REFEREES) -> Any:
    return {"employed_in_last_three_years": employed, "referees": referees}


@pytest.fixture
async def clocked(
    database: str, kafka_bootstrap: str, topic_prefix: str
) -> AsyncIterator[tuple[Service, ShiftableClock]]:
    clock = ShiftableClock()
    settings = make_settings(
        database, kafka_bootstrap, topic_prefix, retention_interval_seconds=0.2
    )
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        svc = Service(client, settings, kafka_bootstrap, topic_prefix, app)
        await svc.deliver(open_programme())
        await wait_for_programme(svc, "rtsw-open")
        yield svc, clock


@pytest.fixture
def service(clocked: tuple[Service, ShiftableClock]) -> Service:
    return clocked[0]


async def offered(service: Service) -> tuple[str, str, PlacementOffered]:
    """A submitted application with an open offer: its id, token and the offer."""
    submitted = await service.client.post("/applications", json=submission_body())
    assert submitted.status_code == 201, submitted.text
    application_id, token = submitted.json()["application_id"], submitted.json()["access_token"]
    now = datetime.now(UTC)
    offer = EXAMPLES[PlacementOffered].model_copy(
        update={
            "offer_id": uuid.uuid4(),
            "application_id": uuid.UUID(application_id),
            "programme_id": "rtsw-open",
            "starts_on": now.date(),
            "offered_at": now,
            "expires_at": now + timedelta(days=7),
        }
    )
    await service.deliver(offer)
    await eventually(
        lambda: service.status(application_id, token),
        until=lambda view: view["status"] == "offered",
        what="the offer consumed",
    )
    return application_id, token, offer


async def accepted(service: Service) -> tuple[str, str]:
    application_id, token, offer = await offered(service)
    answer = await service.client.post(
        f"/applications/{application_id}/offers/{offer.offer_id}/accept", headers=bearer(token)
    )
    assert answer.json()["status"] == "accepted", answer.text
    return application_id, token


async def with_referees(service: Service) -> tuple[str, str, dict[str, str]]:
    """An accepted application whose referees are given: its id, token and reference ids."""
    application_id, token = await accepted(service)
    given = await service.client.post(
        f"/applications/{application_id}/referees", json=referees_body(), headers=bearer(token)
    )
    assert given.status_code == 200, given.text
    rows = await query(
        service.settings.database_url,
        "SELECT reference, reference_id FROM referees WHERE application_id = $1",
        uuid.UUID(application_id),
    )
    return application_id, token, {r["reference"]: str(r["reference_id"]) for r in rows}


async def issue(service: Service, reference_id: str) -> str:
    issued = await service.client.post(
        f"/internal/references/{reference_id}/issue", headers=INTERNAL
    )
    assert issued.status_code == 200, issued.text
    return str(issued.json()["link_token"])


def answer_body(token: str, outcome: str = "satisfactory") -> dict[str, str]:
    return {"token": token, "outcome": outcome, "statement": STATEMENT}


async def events_of(service: Service, application_id: str, event_type: str) -> list[Record]:
    return [
        r
        for r in await read_topic(service.kafka, service.topic("returners.applications"))
        if r.key == application_id and r.headers["ce_type"] == event_type
    ]


async def referee_rows(service: Service, application_id: str) -> list[Any]:
    return await query(
        service.settings.database_url,
        "SELECT reference, kind, name, email, outcome, statement, received_at FROM referees"
        " WHERE application_id = $1 ORDER BY reference",
        uuid.UUID(application_id),
    )


async def test_referees_are_given_after_acceptance_and_each_reference_is_requested_once(
    service: Service,
) -> None:
    application_id, token, offer = await offered(service)
    url = f"/applications/{application_id}/referees"
    too_early = await service.client.post(url, json=referees_body(), headers=bearer(token))
    assert (too_early.status_code, too_early.json()["code"]) == (409, "no_accepted_offer")
    await service.client.post(
        f"/applications/{application_id}/offers/{offer.offer_id}/accept", headers=bearer(token)
    )

    employed = await service.client.post(
        url, json=referees_body(employed=True), headers=bearer(token)
    )
    assert employed.status_code == 422
    assert employed.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in employed.json()["errors"]] == [
        "referees.0.relationship",
        "referees.1.relationship",
    ]
    not_said = await service.client.post(url, json={"referees": REFEREES}, headers=bearer(token))
    assert not_said.status_code == 422
    assert [e["field"] for e in not_said.json()["errors"]] == ["employed_in_last_three_years"]
    themselves = [REFEREES[0], {**REFEREES[1], "email": submission_body()["contact"]["email"]}]
    own = await service.client.post(
        url, json=referees_body(referees=themselves), headers=bearer(token)
    )
    assert (own.status_code, own.json()["errors"][0]["field"]) == (422, "referees.1.email")
    assert await referee_rows(service, application_id) == []

    given = await service.client.post(url, json=referees_body(), headers=bearer(token))
    assert given.status_code == 200, given.text
    assert [
        (r["reference"], r["referee_kind"], r["status"]) for r in given.json()["references"]
    ] == [
        ("reference_1", "professional", "requested"),
        ("reference_2", "character", "requested"),
    ]
    assert all(v not in given.text for v in REFEREE_VALUES)
    again = await service.client.post(url, json=referees_body(), headers=bearer(token))
    assert (again.status_code, again.json()["code"]) == (409, "referees_already_given")

    rows = await referee_rows(service, application_id)
    assert [(r["name"], r["email"]) for r in rows] == [
        (REFEREES[0]["name"], REFEREES[0]["email"]),
        (REFEREES[1]["name"], REFEREES[1]["email"]),
    ]
    view = await service.status(application_id, token)
    assert [(e["type"], e.get("reference")) for e in view["timeline"]][-2:] == [
        ("reference_requested", "reference_1"),
        ("reference_requested", "reference_2"),
    ]

    # A later event of the same application (same partition, so after them) shows every
    # reference.requested is on the topic: one per reference, not more.
    withdrawn = await service.client.post(
        f"/applications/{application_id}/withdraw", headers=bearer(token)
    )
    assert withdrawn.status_code == 200
    await wait_for_records(
        service.kafka,
        service.topic("returners.applications"),
        lambda r: (
            r.key == application_id and r.headers["ce_type"] == "returners.application.withdrawn.v1"
        ),
    )
    requested = await events_of(service, application_id, REQUESTED)
    assert sorted(r.json()["data"]["reference"] for r in requested) == [
        "reference_1",
        "reference_2",
    ]
    for record in requested:
        assert set(record.json()["data"]) == {
            "application_id",
            "programme_id",
            "reference_id",
            "reference",
            "requested_at",
        }
        assert [v for v in REFEREE_VALUES if v.lower() in repr(record).lower()] == []
    assert {r.json()["data"]["reference_id"] for r in requested} == {
        str(r["reference_id"])
        for r in await query(
            service.settings.database_url,
            "SELECT reference_id FROM referees WHERE application_id = $1",
            uuid.UUID(application_id),
        )
    }


async def test_two_employers_are_given_with_the_specs_body_alone(service: Service) -> None:
    application_id, token = await accepted(service)
    given = await service.client.post(
        f"/applications/{application_id}/referees", json=EMPLOYERS, headers=bearer(token)
    )
    assert given.status_code == 200, given.text
    assert [(r["reference"], r["referee_kind"]) for r in given.json()["references"]] == [
        ("reference_1", "employer"),
        ("reference_2", "employer"),
    ]
    rows = await query(
        service.settings.database_url,
        "SELECT r.kind, r.name, r.organisation, a.employed_in_last_three_years"
        " FROM referees r JOIN applications a USING (application_id)"
        " WHERE r.application_id = $1 ORDER BY r.reference",
        uuid.UUID(application_id),
    )
    assert [tuple(r.values()) for r in rows] == [
        ("employer", "Ottoline Marsh", None, None),
        ("employer", "Peregrine Lusk", None, None),
    ]


async def test_a_referee_link_works_once_and_only_for_its_reference(service: Service) -> None:
    application_id, token, ids = await with_referees(service)
    first, second = ids["reference_1"], ids["reference_2"]
    not_internal = await service.client.post(
        f"/internal/references/{first}/issue", headers=bearer(token)
    )
    assert not_internal.status_code == 401
    issued = await service.client.post(f"/internal/references/{first}/issue", headers=INTERNAL)
    link = issued.json()
    assert (link["email"], link["referee_name"], link["applicant_given_name"]) == (
        REFEREES[0]["email"],
        REFEREES[0]["name"],
        "Ada",
    )
    stale = link["link_token"]
    first_token = await issue(service, first)  # a retried send: only the latest link works
    second_token = await issue(service, second)
    before = await referee_rows(service, application_id)

    refused = [
        await service.client.post(f"/references/{second}/open", json={"token": first_token}),
        await service.client.post(f"/references/{second}/answer", json=answer_body(first_token)),
        await service.client.post(f"/references/{first}/answer", json=answer_body(second_token)),
        await service.client.post(f"/references/{first}/answer", json=answer_body(stale)),
        await service.client.post(
            f"/references/{first}/answer", json=answer_body("rtr_" + "x" * 40)
        ),
    ]
    assert [r.status_code for r in refused] == [404] * 5
    assert await referee_rows(service, application_id) == before

    opened = await service.client.post(f"/references/{first}/open", json={"token": first_token})
    assert opened.status_code == 200, opened.text
    assert (
        opened.json()["reference"],
        opened.json()["applicant_family_name"],
        opened.json()["referee_name"],
    ) == ("reference_1", "Lovelace", REFEREES[0]["name"])

    answered = await service.client.post(
        f"/references/{first}/answer", json=answer_body(first_token, "unsatisfactory")
    )
    assert answered.status_code == 200, answered.text
    again = await service.client.post(f"/references/{first}/answer", json=answer_body(first_token))
    reopened = await service.client.post(f"/references/{first}/open", json={"token": first_token})
    reissued = await service.client.post(f"/internal/references/{first}/issue", headers=INTERNAL)
    assert (again.status_code, reopened.status_code, reissued.status_code) == (404, 404, 404)
    [row, untouched] = await referee_rows(service, application_id)
    assert (row["outcome"], row["statement"]) == ("unsatisfactory", STATEMENT)
    assert untouched == before[1]

    view = await service.status(application_id, token)
    assert [(r["reference"], r["status"]) for r in view["references"]] == [
        ("reference_1", "received"),
        ("reference_2", "requested"),
    ]
    assert view["timeline"][-1] == {
        "type": "reference_received",
        "at": view["timeline"][-1]["at"],
        "reference": "reference_1",
    }
    status_text = str(view)
    assert STATEMENT not in status_text
    assert "unsatisfactory" not in status_text

    last = await service.client.post(f"/references/{second}/answer", json=answer_body(second_token))
    assert last.status_code == 200
    received = await wait_for_records(
        service.kafka,
        service.topic("returners.applications"),
        lambda r: r.key == application_id and r.headers["ce_type"] == RECEIVED,
        count=2,
    )
    assert len(received) == 2  # the refused and repeated answers published nothing
    by_reference = {r.json()["data"]["reference"]: r.json()["data"] for r in received}
    assert (by_reference["reference_1"]["outcome"], by_reference["reference_2"]["outcome"]) == (
        "unsatisfactory",
        "satisfactory",
    )
    assert by_reference["reference_2"]["referee_kind"] == "character"
    assert set(by_reference["reference_1"]) == {
        "application_id",
        "programme_id",
        "reference_id",
        "reference",
        "referee_kind",
        "outcome",
        "received_at",
    }
    for record in received:
        text = repr(record)
        assert STATEMENT[:20] not in text
        assert [v for v in REFEREE_VALUES if v.lower() in text.lower()] == []


async def test_a_referee_link_expires(clocked: tuple[Service, ShiftableClock]) -> None:
    service, clock = clocked
    _, _, ids = await with_referees(service)
    link_token = await issue(service, ids["reference_1"])
    clock.advance(timedelta(days=service.settings.reference_link_days, minutes=1))
    opened = await service.client.post(
        f"/references/{ids['reference_1']}/open", json={"token": link_token}
    )
    answered = await service.client.post(
        f"/references/{ids['reference_1']}/answer", json=answer_body(link_token)
    )
    reissued = await service.client.post(
        f"/internal/references/{ids['reference_2']}/issue", headers=INTERNAL
    )
    assert (opened.status_code, answered.status_code, reissued.status_code) == (404, 404, 404)


async def test_subject_access_includes_the_referees_and_erasure_removes_them(
    service: Service,
) -> None:
    application_id, token, ids = await with_referees(service)
    link_token = await issue(service, ids["reference_1"])
    await service.client.post(
        f"/references/{ids['reference_1']}/answer", json=answer_body(link_token)
    )

    export = await service.client.get(
        f"/admin/applications/{application_id}/personal-data", headers=OPS
    )
    assert export.status_code == 200, export.text
    references = export.json()["references"]
    assert [(r["reference"], r["name"], r["email"]) for r in references] == [
        ("reference_1", REFEREES[0]["name"], REFEREES[0]["email"]),
        ("reference_2", REFEREES[1]["name"], REFEREES[1]["email"]),
    ]
    assert references[0]["statement"] == STATEMENT
    assert [(r["kind"], r["organisation"]) for r in references] == [
        ("professional", REFEREES[0]["organisation"]),
        ("character", REFEREES[1]["organisation"]),
    ]
    assert "token_hash" not in references[0]
    assert export.json()["application"]["employed_in_last_three_years"] is False

    erased = await service.client.delete(
        f"/applications/{application_id}/personal-data", headers=bearer(token)
    )
    assert erased.status_code == 204
    stored = await database_text(service.settings.database_url)
    assert [v for v in [*REFEREE_VALUES, STATEMENT] if v in stored] == []
    assert (await service.status(application_id, token))["references"] == []
    refused = await service.client.post(
        f"/internal/references/{ids['reference_2']}/issue", headers=INTERNAL
    )
    assert refused.status_code == 404


async def test_the_retention_period_passing_erases_the_referees(
    clocked: tuple[Service, ShiftableClock],
) -> None:
    service, clock = clocked
    application_id, token, _ = await with_referees(service)
    withdrawn = await service.client.post(
        f"/applications/{application_id}/withdraw", headers=bearer(token)
    )
    assert withdrawn.status_code == 200
    clock.advance(timedelta(days=200))  # the programme keeps a withdrawal's data 6 months
    await eventually(
        lambda: referee_rows(service, application_id),
        until=lambda rows: rows == [],
        what="the referees erased by the retention job",
    )
    [erasure] = await query(
        service.settings.database_url,
        "SELECT erasure_reason FROM applications WHERE application_id = $1",
        uuid.UUID(application_id),
    )
    assert erasure["erasure_reason"] == "retention"
    stored = await database_text(service.settings.database_url)
    assert [v for v in REFEREE_VALUES if v in stored] == []

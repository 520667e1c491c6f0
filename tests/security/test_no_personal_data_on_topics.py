"""After a whole journey through every service, no topic holds any submitted personal data:
not the applicants' (equality monitoring answers included), nor their referees' (who they
are, and what one of them wrote)."""

import email
import re
import uuid
from email.policy import default
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka.admin import AIOKafkaAdminClient

from returners_cli.kafka_ops import read_records
from returners_cli.testing.cluster import ProcessCluster
from returners_cli.testing.polling import eventually
from returners_cli.testing.programmes import programme_without_selection
from returners_cli.testing.submissions import submission_body

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
OTHER_RUN = re.compile(r"^[A-Za-z0-9_-]+\.returners\.")  # another test's topic prefix
PEOPLE = [
    {
        "given_name": "Zebedee",
        "family_name": "Quixotic-Ferndale",
        "email": "zq.ferndale@example.org",
        "phone": "+44 7700 900987",
        "postcode": "SW1A 2AA",
    },
    {
        "given_name": "Ottoline",
        "family_name": "Vantablack",
        "email": "o.vantablack@example.net",
        "phone": "+44 7700 900654",
        "postcode": "EH1 1YZ",
    },
]
# Each person's equality monitoring answers: the least common codes, so that a code found on
# a topic is theirs (career_break_reason "other" and the like would be found in anything).
EQUALITY = [
    {
        "career_break_reason": "caring_for_an_adult",
        "sex": "prefer_not_to_say",
        "age_band": "55_to_64",
        "ethnicity": "mixed",
        "disability": "prefer_not_to_say",
    },
    {"career_break_reason": "caring_for_children", "age_band": "45_to_54"},
]
EQUALITY_KEYS = ["equality", "career_break_reason", "age_band", "ethnicity", "disability"]
EQUALITY_VALUES = [
    "caring_for_an_adult",
    "caring_for_children",
    "prefer_not_to_say",
    "55_to_64",
    "45_to_54",
]


# The hired person's referees, and what one of them writes: applications holds them, no topic.
REFEREES = [
    {
        "name": "Perpetua Hollingsworth-Quill",
        "email": "p.hollingsworth@example.org",
        "relationship": "employer",
        "organisation": "Marchbanks Family Centre, 7 Loxley Row, Thornbury",
    },
    {
        "name": "Barnaby Ostrander",
        "email": "b.ostrander@example.net",
        "relationship": "character",
        "organisation": "Quillfeather Allotment Society, Ravensgate",
    },
]
STATEMENT = "Zebedee steadied the Wexcombe duty team through a hard winter."
REFERENCE_LINK = re.compile(r"/references/([0-9a-f-]{36})/(\S+)")


def _personal_values() -> list[str]:
    values = [STATEMENT]
    for referee in REFEREES:
        values += [
            referee["name"],
            referee["email"],
            referee["organisation"],
        ]
    for person in PEOPLE:
        values += [
            person["given_name"],
            person["family_name"],
            person["email"],
            person["postcode"],
            person["phone"].replace(" ", "")[-10:],
        ]
    return values + EQUALITY_KEYS + EQUALITY_VALUES


async def _every_topic_text(bootstrap: str, prefix: str) -> dict[str, str]:
    """Every topic this platform could have written: its own (prefixed) ones and any
    unprefixed ones (faust's internal topics); other test runs' prefixed topics are not its."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        names = await admin.list_topics()
    finally:
        await admin.close()
    texts = {}
    for name in names:
        if name.startswith("__"):  # Kafka's own (consumer offsets): not given to consumers
            continue
        if OTHER_RUN.match(name) and not name.startswith(prefix):
            continue
        records = await read_records(bootstrap, name)
        texts[name] = "\n".join(repr((r.key, r.value, r.headers)) for r in records)
    return texts


async def test_no_topic_holds_personal_data_after_a_whole_journey(
    cluster: ProcessCluster,
) -> None:
    async with httpx.AsyncClient(timeout=30) as http:
        hired = await _walk_a_journey(http, cluster)

    texts = await _every_topic_text(cluster.kafka, cluster.topic_prefix)
    journey = texts[f"{cluster.topic_prefix}returners.placements"]
    assert hired in journey  # the scan does see this journey's events
    held = await _equality_held(cluster, hired)
    assert held == EQUALITY[0] | {"answered_at": held["answered_at"]}  # they were submitted
    applications = texts[f"{cluster.topic_prefix}returners.applications"]
    assert "returners.reference.received.v1" in applications  # and the referees' answer
    leaks = {
        topic: [v for v in _personal_values() if v.lower() in text.lower()]
        for topic, text in texts.items()
    }
    assert {topic: found for topic, found in leaks.items() if found} == {}
    for log in sorted(cluster.workdir.glob("*.log")):  # nor in any service's log
        text = log.read_text(errors="replace")
        # Each service of the cluster logs at INFO; the portal (started by other tests, at
        # WARNING) took no part in this journey.
        assert text or log.stem not in cluster.services, f"{log.name} is empty: nothing scanned"
        assert [v for v in EQUALITY_VALUES if v in text] == [], log.name


async def _equality_held(cluster: ProcessCluster, application_id: str) -> dict[str, Any]:
    """The equality answers the applications service holds (its subject access export)."""
    async with httpx.AsyncClient(timeout=30) as http:
        response = await http.get(
            f"{cluster['applications'].url}/admin/applications/{application_id}/personal-data",
            headers={"Authorization": f"Bearer {cluster.secrets['OPERATIONS_TOKEN']}"},
        )
    assert response.status_code == 200, response.text
    return {k: v for k, v in response.json()["equality"].items() if v is not None}


async def _walk_a_journey(http: httpx.AsyncClient, cluster: ProcessCluster) -> str:
    """Both people apply; one is offered a place, accepts and is hired, the other is erased.
    Returns the hired person's application id."""
    applications, matching = cluster["applications"].url, cluster["matching"].url
    ops = {"Authorization": f"Bearer {cluster.secrets['OPERATIONS_TOKEN']}"}
    # A programme and council of its own: on the cluster the other test files share, the
    # demo cohort's vacancies of other councils would take this journey's applicants.
    programme_id = f"privacy-{uuid.uuid4().hex[:8]}"
    programme = programme_without_selection(programme_id, offer_window_days=7)
    published = await http.post(f"{matching}/admin/programmes", json=programme, headers=ops)
    assert published.status_code == 201, published.text
    council = (
        await http.post(
            f"{matching}/admin/councils",
            json={"name": f"Privacy Test Borough ({programme_id})"},
            headers=ops,
        )
    ).json()
    key = {"Authorization": f"Bearer {council['api_key']}"}

    applicants = []
    for person, equality in zip(PEOPLE, EQUALITY, strict=True):
        body = submission_body(
            programme_id,
            contact=person,
            registration={
                "body": "SWE",
                "first_registered": "2008-09-01",
                "last_practised": "2019-06-30",
                "statutory_practice_years": 7,
            },
            preferences={"regions": ["London"], "specialisms": ["adults"]},
        )
        body["equality"] = equality
        response = await eventually(
            lambda body=body: http.post(f"{applications}/applications", json=body),
            until=lambda r: r.status_code == 201,
            timeout=90,
            what="the programme to reach the applications service",
        )
        applicants.append(response.json())
    vacancy = await http.post(
        f"{matching}/councils/{council['council_id']}/vacancies",
        json={
            "programme_id": programme_id,
            "region": "London",
            "specialism": "adults",
            "slots": 2,
            "starts_on": "2027-05-04",
        },
        headers=key,
    )
    assert vacancy.status_code == 201, vacancy.text

    hired, erased = applicants
    hired_url = f"{applications}/applications/{hired['application_id']}"
    hired_auth = {"Authorization": f"Bearer {hired['access_token']}"}

    async def hired_status() -> dict[str, Any]:
        return dict((await http.get(hired_url, headers=hired_auth)).json())

    offered = await eventually(
        hired_status,
        until=lambda s: any(o["status"] == "offered" for o in s["offers"]),
        timeout=90,
        what="an offer",
    )
    [offer] = [o for o in offered["offers"] if o["status"] == "offered"]
    accepted = await http.post(f"{hired_url}/offers/{offer['offer_id']}/accept", headers=hired_auth)
    assert accepted.status_code == 200, accepted.text
    given = await http.post(
        f"{hired_url}/referees",
        json={"employed_in_last_three_years": False, "referees": REFEREES},
        headers=hired_auth,
    )
    assert given.status_code == 200, given.text
    reference_id, link_token = await eventually(
        lambda: _reference_link(cluster.maildir, REFEREES[0]["email"]),
        until=bool,
        timeout=90,
        what="the first referee's emailed link",
    )
    answered = await http.post(
        f"{applications}/references/{reference_id}/answer",
        json={"token": link_token, "outcome": "satisfactory", "statement": STATEMENT},
    )
    assert answered.status_code == 200, answered.text
    await eventually(
        lambda: http.post(
            f"{matching}/councils/{council['council_id']}/hires",
            json={"application_id": hired["application_id"]},
            headers=key,
        ),
        until=lambda r: r.status_code == 201,
        timeout=90,
        what="the hire to be accepted (matching consumed the acceptance)",
    )
    await eventually(
        hired_status,
        until=lambda s: s["status"] == "hired",
        timeout=90,
        what="the hire to reach the applicant",
    )
    erasure = await http.delete(
        f"{applications}/applications/{erased['application_id']}/personal-data",
        headers={"Authorization": f"Bearer {erased['access_token']}"},
    )
    assert erasure.status_code == 204
    return str(hired["application_id"])


async def _reference_link(maildir: Path, address: str) -> tuple[str, str] | None:
    """The reference id and token of the link emailed to a referee, once it has arrived."""
    for path in sorted((maildir / "new").glob("*")):
        message: Any = email.message_from_bytes(path.read_bytes(), policy=default)
        if address not in str(message["To"]):
            continue
        text = message.get_body(preferencelist=("plain",)).get_content()
        if match := REFERENCE_LINK.search(text):
            return match.group(1), match.group(2)
    return None

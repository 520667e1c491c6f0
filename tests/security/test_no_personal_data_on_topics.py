"""After a whole journey through every service, no topic holds any submitted personal data."""

import asyncio
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka.admin import AIOKafkaAdminClient

from returners_cli.kafka_ops import read_records
from returners_cli.testing.cluster import ProcessCluster

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


def _submission(contact: dict[str, str]) -> dict[str, Any]:
    return {
        "programme_id": "rtsw-demo",
        "contact": contact,
        "right_to_work_uk": True,
        "registration": {
            "body": "SWE",
            "first_registered": "2008-09-01",
            "last_practised": "2019-06-30",
            "statutory_practice_years": 7,
            "currently_practising": False,
            "conditions_of_practice": False,
        },
        "preferences": {"regions": ["London"], "specialisms": ["adults"]},
        "consent": {"data_processing": True},
    }


def _until(check: Callable[[], Any], what: str, timeout: float = 90) -> Any:
    deadline = time.monotonic() + timeout
    while not (result := check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)
    return result


def _personal_values() -> list[str]:
    values = []
    for person in PEOPLE:
        values += [
            person["given_name"],
            person["family_name"],
            person["email"],
            person["postcode"],
            person["phone"].replace(" ", "")[-10:],
        ]
    return values


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


def test_no_topic_holds_personal_data_after_a_whole_journey(cluster: ProcessCluster) -> None:
    ops = {"Authorization": f"Bearer {cluster.secrets['OPERATIONS_TOKEN']}"}
    http = httpx.Client(timeout=30)
    programme = json.loads((ROOT / "deploy/local/programmes/rtsw-demo.json").read_text())
    programme["offer_window_days"] = 7
    assert http.post(
        f"{cluster['matching'].url}/admin/programmes", json=programme, headers=ops
    ).status_code in (200, 201, 409)
    council = http.post(
        f"{cluster['matching'].url}/admin/councils",
        json={"name": "Privacy Test Borough"},
        headers=ops,
    ).json()
    key = {"Authorization": f"Bearer {council['api_key']}"}

    applicants = []
    for person in PEOPLE:
        response = _until(
            lambda p=person: (
                (
                    r := http.post(
                        f"{cluster['applications'].url}/applications", json=_submission(p)
                    )
                ).status_code
                == 201
                and r
            ),
            "the programme to reach the applications service",
        )
        applicants.append(response.json())
    vacancy = http.post(
        f"{cluster['matching'].url}/councils/{council['council_id']}/vacancies",
        json={
            "programme_id": "rtsw-demo",
            "region": "London",
            "specialism": "adults",
            "slots": 2,
            "starts_on": "2027-05-04",
        },
        headers=key,
    )
    assert vacancy.status_code == 201, vacancy.text

    def status(applicant: dict[str, str]) -> dict[str, Any]:
        return dict(
            http.get(
                f"{cluster['applications'].url}/applications/{applicant['application_id']}",
                headers={"Authorization": f"Bearer {applicant['access_token']}"},
            ).json()
        )

    hired, erased = applicants
    offer = _until(
        lambda: [o for o in status(hired)["offers"] if o["status"] == "offered"], "an offer"
    )[0]
    accepted = http.post(
        f"{cluster['applications'].url}/applications/{hired['application_id']}"
        f"/offers/{offer['offer_id']}/accept",
        headers={"Authorization": f"Bearer {hired['access_token']}"},
    )
    assert accepted.status_code == 200, accepted.text
    _until(
        lambda: (
            http.post(
                f"{cluster['matching'].url}/councils/{council['council_id']}/hires",
                json={"application_id": hired["application_id"]},
                headers=key,
            ).status_code
            == 201
        ),
        "the hire to be accepted",
    )
    _until(lambda: status(hired)["status"] == "hired", "the hire to reach the applicant")
    assert (
        http.delete(
            f"{cluster['applications'].url}/applications/{erased['application_id']}/personal-data",
            headers={"Authorization": f"Bearer {erased['access_token']}"},
        ).status_code
        == 204
    )

    texts = asyncio.run(_every_topic_text(cluster.kafka, cluster.topic_prefix))
    journey = texts[f"{cluster.topic_prefix}returners.placements"]
    assert hired["application_id"] in journey  # the scan does see this journey's events
    leaks = {
        topic: [v for v in _personal_values() if v.lower() in text.lower()]
        for topic, text in texts.items()
    }
    assert {topic: found for topic, found in leaks.items() if found} == {}

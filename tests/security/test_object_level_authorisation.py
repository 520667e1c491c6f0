"""A council's key never reads or changes another council's objects, on any service."""

import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from returners_cli.testing.cluster import ProcessCluster
from returners_cli.testing.programmes import programme_without_selection

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
COUNCIL_SERVICES = ("matching", "notifications")


def _council(http: httpx.Client, cluster: ProcessCluster, name: str) -> dict[str, str]:
    ops = {"Authorization": f"Bearer {cluster.secrets['OPERATIONS_TOKEN']}"}
    answer = http.post(
        f"{cluster['matching'].url}/admin/councils", json={"name": name}, headers=ops
    )
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def _bearer(council: dict[str, str] | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {council['api_key']}"} if council else {}


def _objects_of(
    http: httpx.Client, cluster: ProcessCluster, council: dict[str, str]
) -> dict[str, str]:
    """One real object of each kind, owned by ``council``, to aim the attempts at."""
    ops = {"Authorization": f"Bearer {cluster.secrets['OPERATIONS_TOKEN']}"}
    programme = programme_without_selection()
    http.post(f"{cluster['matching'].url}/admin/programmes", json=programme, headers=ops)
    vacancy = http.post(
        f"{cluster['matching'].url}/councils/{council['council_id']}/vacancies",
        json={
            "programme_id": "rtsw-demo",
            "region": "London",
            "specialism": "adults",
            "slots": 2,
            "starts_on": "2027-05-04",
        },
        headers=_bearer(council),
    )
    subscription = http.post(
        f"{cluster['notifications'].url}/councils/{council['council_id']}/subscriptions",
        json={"url": "http://127.0.0.1:9/hook", "event_types": ["placement.offered"]},
        headers=_bearer(council),
    )
    assert vacancy.status_code == 201, vacancy.text
    assert subscription.status_code == 201, subscription.text
    return {
        "council_id": council["council_id"],
        "vacancy_id": vacancy.json()["vacancy_id"],
        "subscription_id": subscription.json()["subscription_id"],
    }


def _council_operations(cluster: ProcessCluster, service: str) -> list[tuple[str, str]]:
    document = httpx.get(f"{cluster[service].url}/openapi.json", timeout=10).json()
    return [
        (method.upper(), path)
        for path, item in document["paths"].items()
        if path.startswith("/councils/{council_id}")
        for method in item
    ]


def _aimed_at(path: str, objects: dict[str, str]) -> str:
    for name, value in objects.items():
        path = path.replace(f"{{{name}}}", value)
    return path.replace("{delivery_id}", str(uuid.uuid4()))


def _state(http: httpx.Client, cluster: ProcessCluster, owner: dict[str, str]) -> Any:
    council = owner["council_id"]
    return (
        http.get(
            f"{cluster['matching'].url}/councils/{council}/vacancies", headers=_bearer(owner)
        ).json(),
        http.get(
            f"{cluster['notifications'].url}/councils/{council}/subscriptions",
            headers=_bearer(owner),
        ).json(),
    )


@pytest.mark.parametrize("service", COUNCIL_SERVICES)
def test_another_councils_key_gets_404_on_every_council_endpoint_and_changes_nothing(
    cluster: ProcessCluster, service: str
) -> None:
    http = httpx.Client(timeout=30)
    victim = _council(http, cluster, f"Victim Council {uuid.uuid4().hex[:6]}")
    attacker = _council(http, cluster, f"Attacker Council {uuid.uuid4().hex[:6]}")
    targets = _objects_of(http, cluster, victim)
    before = _state(http, cluster, victim)

    answers = {}
    for method, path in _council_operations(cluster, service):
        url = f"{cluster[service].url}{_aimed_at(path, targets)}"
        body = {
            "url": "http://127.0.0.1:9/x",
            "event_types": ["placement.offered"],
            "slots": 5,
            "application_id": str(uuid.uuid4()),
            "programme_id": "rtsw-demo",
            "region": "London",
            "specialism": "adults",
            "starts_on": "2027-05-04",
        }
        answers[f"{method} {path} (attacker's key)"] = http.request(
            method, url, headers=_bearer(attacker), json=body
        ).status_code
        answers[f"{method} {path} (no key)"] = http.request(method, url, json=body).status_code
    assert len(answers) >= 6
    wrong = {
        attempt: code
        for attempt, code in answers.items()
        if code != (404 if "attacker" in attempt else 401)
    }
    assert wrong == {}
    assert _state(http, cluster, victim) == before

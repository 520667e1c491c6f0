"""Council keys: shown once and stored hashed; a key never reaches another council's data,
and a refusal never tells whether the object exists."""

import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from pydantic import SecretStr

from returners_cli.http_auth import bearer
from returners_platform.service.auth import issue_council_key

from .conftest import OPS, Matching

pytestmark = pytest.mark.integration


@dataclass
class Councils:
    a: str
    a_key: str
    b: str
    b_key: str
    a_vacancy: str
    b_vacancy: str


@pytest.fixture
async def councils(matching: Matching) -> Councils:
    a, a_key = await matching.register_council("Buckinghamshire Council")
    b, b_key = await matching.register_council("Leeds City Council")
    a_vacancy = (await matching.post_vacancy(a, a_key))["vacancy_id"]
    b_vacancy = (await matching.post_vacancy(b, b_key, region="North West"))["vacancy_id"]
    return Councils(a, a_key, b, b_key, a_vacancy, b_vacancy)


def endpoints(council: str, vacancy: str) -> list[tuple[str, str, dict[str, Any] | None]]:
    """Every council endpoint of matching, for one council and one vacancy id."""
    base = f"/councils/{council}"
    return [
        ("GET", f"{base}/vacancies", None),
        (
            "POST",
            f"{base}/vacancies",
            {
                "programme_id": "rtsw-open",
                "region": "London",
                "specialism": "adults",
                "slots": 1,
                "starts_on": "2027-05-04",
            },
        ),
        ("GET", f"{base}/vacancies/{vacancy}", None),
        ("PATCH", f"{base}/vacancies/{vacancy}", {"slots": 3}),
        ("POST", f"{base}/vacancies/{vacancy}/close", None),
        ("GET", f"{base}/offers", None),
        ("POST", f"{base}/hires", {"application_id": str(uuid.uuid4())}),
    ]


async def call(
    matching: Matching, method: str, path: str, body: dict[str, Any] | None, key: str | None
) -> Any:
    headers = bearer(key) if key is not None else {}
    return await matching.client.request(method, path, json=body, headers=headers)


async def test_another_councils_key_gets_404_on_every_endpoint_and_changes_nothing(
    matching: Matching, councils: Councils
) -> None:
    unknown_council = str(uuid.uuid4())
    for (method, path, body), (_, unknown_path, _) in zip(
        endpoints(councils.a, councils.a_vacancy),
        endpoints(unknown_council, councils.a_vacancy),
        strict=True,
    ):
        response = await call(matching, method, path, body, councils.b_key)
        nowhere = await call(matching, method, unknown_path, body, councils.b_key)
        assert response.status_code == 404, (method, path, response.text)
        assert response.json() == nowhere.json(), (method, path)
    own = bearer(councils.a_key)
    [vacancy] = (await matching.client.get(f"/councils/{councils.a}/vacancies", headers=own)).json()
    assert (vacancy["slots"], vacancy["status"], vacancy["revision"]) == (1, "open", 1)


async def test_another_councils_vacancy_looks_exactly_like_no_vacancy_at_all(
    matching: Matching, councils: Councils
) -> None:
    own, other = endpoints(councils.a, councils.b_vacancy), endpoints(councils.a, str(uuid.uuid4()))
    for (method, path, body), (_, missing_path, _) in zip(own, other, strict=True):
        if councils.b_vacancy not in path:
            continue
        response = await call(matching, method, path, body, councils.a_key)
        missing = await call(matching, method, missing_path, body, councils.a_key)
        assert response.status_code == missing.status_code == 404, (method, path)
        assert response.json() == missing.json()
    b_vacancy = await matching.client.get(
        f"/councils/{councils.b}/vacancies/{councils.b_vacancy}", headers=bearer(councils.b_key)
    )
    assert (b_vacancy.json()["slots"], b_vacancy.json()["status"]) == (1, "open")


async def test_no_key_a_forged_key_or_a_revoked_key_gets_401_on_every_endpoint(
    matching: Matching, councils: Councils
) -> None:
    forged = issue_council_key(uuid.UUID(councils.a), SecretStr("some-other-secret"))
    rotated = await matching.client.post(f"/admin/councils/{councils.a}/keys", headers=OPS)
    assert rotated.status_code == 201
    new_key = rotated.json()["api_key"]
    for method, path, body in endpoints(councils.a, councils.a_vacancy):
        for key in (None, "rtc.garbage", councils.a_key, forged, OPS["Authorization"][7:]):
            response = await call(matching, method, path, body, key)
            assert response.status_code == 401, (method, path, key, response.text)
            assert response.headers["www-authenticate"] == "Bearer"
    listed = await matching.client.get(f"/councils/{councils.a}/vacancies", headers=bearer(new_key))
    assert listed.status_code == 200


async def test_a_council_key_is_shown_once_and_only_its_hash_is_stored(
    matching: Matching,
) -> None:
    council_id, key = await matching.register_council("Kent County Council")
    rows = await matching.fetch(
        "SELECT key_hash, revoked_at FROM council_keys WHERE council_id = $1", uuid.UUID(council_id)
    )
    assert [(bytes(r["key_hash"]), r["revoked_at"]) for r in rows] == [
        (hashlib.sha256(key.encode()).digest(), None)
    ]
    dumped = await matching.fetch("SELECT row_to_json(c)::text AS r FROM council_keys c")
    assert not [r for r in dumped if key in r["r"]]
    [event] = await matching.events("council.registered", lambda d: d["council_id"] == council_id)
    assert event["name"] == "Kent County Council"
    assert key not in str(event)


async def test_council_names_are_unique_and_registration_needs_the_operations_token(
    matching: Matching,
) -> None:
    await matching.register_council("Bristol City Council")
    again = await matching.client.post(
        "/admin/councils", json={"name": "bristol city council"}, headers=OPS
    )
    assert again.status_code == 409
    anonymous = await matching.client.post("/admin/councils", json={"name": "Somewhere Council"})
    assert anonymous.status_code == 401

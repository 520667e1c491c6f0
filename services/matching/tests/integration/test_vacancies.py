"""Posting, changing and closing vacancies: the events, the revisions, what is refused."""

from typing import Any

import pytest

from returners_cli.http_auth import bearer

from .conftest import Matching

pytestmark = pytest.mark.integration


async def test_a_vacancy_is_published_changed_with_a_new_revision_and_closed(
    matching: Matching,
) -> None:
    council, key = await matching.register_council("Buckinghamshire Council")
    vacancy = await matching.post_vacancy(council, key, region="South East", slots=2)
    vid = vacancy["vacancy_id"]
    assert (vacancy["revision"], vacancy["slots_taken"], vacancy["status"]) == (1, 0, "open")
    path = f"/councils/{council}/vacancies/{vid}"

    changed = await matching.client.patch(
        path, json={"slots": 3, "starts_on": "2027-06-01"}, headers=bearer(key)
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["revision"], changed.json()["slots"]) == (2, 3)
    unchanged = await matching.client.patch(path, json={"slots": 3}, headers=bearer(key))
    assert unchanged.json()["revision"] == 2  # nothing changed, no new revision

    closed = await matching.client.post(f"{path}/close", headers=bearer(key))
    assert (closed.status_code, closed.json()["status"]) == (200, "closed")
    again = await matching.client.post(f"{path}/close", headers=bearer(key))
    assert again.status_code == 200
    refused = await matching.client.patch(path, json={"slots": 4}, headers=bearer(key))
    assert (refused.status_code, refused.json()["code"]) == (409, "vacancy_closed")

    revisions = await matching.events(
        "vacancy.published", lambda d: d["vacancy_id"] == vid, count=2
    )
    assert [(e["revision"], e["slots"], e["starts_on"]) for e in revisions] == [
        (1, 2, "2027-05-04"),
        (2, 3, "2027-06-01"),
    ]
    [closing] = await matching.events("vacancy.closed", lambda d: d["vacancy_id"] == vid)
    assert closing["council_id"] == council
    listed = await matching.client.get(f"/councils/{council}/vacancies", headers=bearer(key))
    assert [v["vacancy_id"] for v in listed.json()] == [vid]


async def test_slots_never_go_below_the_slots_offers_already_hold(matching: Matching) -> None:
    council, key = await matching.register_council("Leeds City Council")
    vacancy = await matching.post_vacancy(council, key, slots=2)
    for _ in range(2):
        await matching.submit()
    await matching.events("placement.offered", count=2)
    path = f"/councils/{council}/vacancies/{vacancy['vacancy_id']}"
    refused = await matching.client.patch(path, json={"slots": 1}, headers=bearer(key))
    assert refused.status_code == 409
    assert refused.json()["code"] == "slots_taken"
    read = await matching.client.get(path, headers=bearer(key))
    assert (read.json()["slots"], read.json()["slots_taken"]) == (2, 2)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"programme_id": "no-such-programme"}, "programme_id"),
        ({"region": "Atlantis"}, "region"),
        ({"slots": 0}, "slots"),
        ({"starts_on": "2027-05-03"}, "starts_on"),  # before the programme starts
    ],
)
async def test_an_invalid_vacancy_gets_422_naming_the_field(
    matching: Matching, change: dict[str, Any], field: str
) -> None:
    council, key = await matching.register_council("Kent County Council")
    body = {
        "programme_id": "rtsw-open",
        "region": "London",
        "specialism": "children",
        "slots": 1,
        "starts_on": "2027-05-04",
        **change,
    }
    response = await matching.client.post(
        f"/councils/{council}/vacancies", json=body, headers=bearer(key)
    )
    assert response.status_code == 422, response.text
    assert field in [e["field"] for e in response.json()["errors"]]

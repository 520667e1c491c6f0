"""Publishing programmes: validation, the event, reading them back, publishing again."""

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from returners_cli.testing.kafka import read_topic

from ..conftest import open_programme
from .conftest import OPS, Matching

pytestmark = pytest.mark.integration

ROOT = Path(__file__).parents[4]
SCHEMAS = ROOT / "contracts" / "schemas"
LOCAL_PROGRAMMES = ROOT / "deploy" / "local" / "programmes"


async def test_a_published_programme_is_announced_and_readable_by_anyone(
    matching: Matching,
) -> None:
    body = open_programme(
        "planning-2027",
        profession="planning",
        recognised_bodies=["RTPI"],
        max_years_out=None,
        regions=["London"],
    )
    response = await matching.client.post("/admin/programmes", json=body, headers=OPS)
    assert response.status_code == 201, response.text
    published = response.json()

    [event] = await matching.events(
        "programme.published", lambda d: d["programme_id"] == "planning-2027"
    )
    jsonschema.validate(event, _schema("returners.programme.published.v2"))
    assert event == published
    read = await matching.client.get("/programmes/planning-2027")
    assert read.status_code == 200
    assert read.json() == published
    assert read.json()["max_years_out"] is None
    listed = await matching.client.get("/programmes")
    assert [p["programme_id"] for p in listed.json()] == ["rtsw-open", "planning-2027"]


async def test_publishing_the_same_definition_again_changes_nothing_and_another_is_refused(
    matching: Matching,
) -> None:
    first = await matching.client.get("/programmes/rtsw-open")
    again = await matching.client.post(
        "/admin/programmes", json=_same_as(first.json()), headers=OPS
    )
    assert again.status_code == 200, again.text
    assert again.json() == first.json()  # the original published_at, no new event

    changed = {**_same_as(first.json()), "places": 150}
    refused = await matching.client.post("/admin/programmes", json=changed, headers=OPS)
    assert refused.status_code == 409
    assert refused.json()["code"] == "programme_exists"

    await matching.events("programme.published")
    records = await read_topic(matching.kafka, matching.topic("returners.programmes"))
    assert [r.key for r in records] == ["rtsw-open"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"closes_at": "2020-01-01T00:00:00+00:00"}, "closes_at"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        (
            {"updating_days": [{"from_years": 5, "days": 60}, {"from_years": 2, "days": 30}]},
            "updating_days",
        ),
        ({"opens_at": "2026-01-01T00:00:00"}, "opens_at"),
        ({"places": -1}, "places"),
    ],
)
async def test_an_invalid_programme_gets_422_naming_the_field(
    matching: Matching, change: dict[str, Any], field: str
) -> None:
    body = open_programme("invalid-one", **change)
    response = await matching.client.post("/admin/programmes", json=body, headers=OPS)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer not-the-token"}])
async def test_only_operations_staff_publish_programmes(
    matching: Matching, headers: dict[str, str]
) -> None:
    response = await matching.client.post(
        "/admin/programmes", json=open_programme("sneaky"), headers=headers
    )
    assert response.status_code == 401
    assert (await matching.client.get("/programmes/sneaky")).status_code == 404


async def test_the_local_programme_files_publish_as_documented(matching: Matching) -> None:
    for name in ("rtsw-2020", "rtsw-demo"):
        body = json.loads((LOCAL_PROGRAMMES / f"{name}.json").read_text())
        response = await matching.client.post("/admin/programmes", json=body, headers=OPS)
        assert response.status_code == 201, response.text
    rtsw_2020 = (await matching.client.get("/programmes/rtsw-2020")).json()
    assert rtsw_2020["closes_at"] == "2020-03-31T23:59:59+01:00"
    assert rtsw_2020["opens_at"] == "2020-01-13T00:00:00Z"  # GMT in January
    assert (rtsw_2020["places"], rtsw_2020["starts_on"]) == (200, "2020-05-01")
    assert rtsw_2020["recognised_bodies"] == ["HCPC", "GSCC", "SWE", "CCW", "SCW", "SSSC", "NISCC"]
    assert len(rtsw_2020["regions"]) == 9
    demo = (await matching.client.get("/programmes/rtsw-demo")).json()
    assert demo["starts_on"] == "2027-05-04"
    # The same rules, offers of a week included (the demo lets a week pass with its clock).
    assert (rtsw_2020["offer_window_days"], demo["offer_window_days"]) == (7, 7)
    # The demo cohort selects (an assessment and an interview) as the real one did in April
    # 2020; the rtsw-2020 record, its results long out, carries no selection block.
    assert demo["selection"]["interview"]["panel_size"] == 2
    assert rtsw_2020["selection"] is None
    assert {k: v for k, v in demo.items() if k not in {*_WINDOW_AND_NAME, "selection"}} == {
        k: v for k, v in rtsw_2020.items() if k not in {*_WINDOW_AND_NAME, "selection"}
    }


_WINDOW_AND_NAME = {
    "programme_id",
    "title",
    "opens_at",
    "closes_at",
    "starts_on",
    "published_at",
}


def _same_as(published: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in published.items() if k != "published_at"}


def _schema(name: str) -> dict[str, Any]:
    return dict(json.loads((SCHEMAS / f"{name}.json").read_text()))

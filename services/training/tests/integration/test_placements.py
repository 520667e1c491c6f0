"""From an accepted offer to a placement that may start: its conditions, recorded by the
council or from a referee's answer; one not met withdraws the offer, once; another council
can touch none of it."""

from uuid import uuid4

import pytest

from returners_cli.testing.kafka import read_topic
from returners_platform.contracts.events import ReferenceReceived
from returners_platform.contracts.examples import EXAMPLES
from returners_platform.contracts.vocabulary import (
    PlacementCondition,
    ReferenceNumber,
    ReferenceOutcome,
)

from .conftest import STARTS_ON, TODAY, Training

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("accepted_first", [False, True])
async def test_an_accepted_offer_opens_a_placement_with_every_condition_pending(
    training: Training, accepted_first: bool
) -> None:
    placed = await training.accepted_offer(updating_days=60, accepted_first=accepted_first)
    view = (await training.client.get(placed.path, headers=placed.key)).json()
    assert view["status"] == "awaiting_conditions"
    assert view["hours_required"] == 420
    assert {c: v["status"] for c, v in view["conditions"].items()} == dict.fromkeys(
        PlacementCondition, "pending"
    )
    [opened] = await training.events(
        "placement.opened", lambda d: d["application_id"] == str(placed.application_id)
    )
    assert opened["placement_id"] == str(placed.offer_id)
    assert opened["required_hours"] == 420
    assert opened["starts_on"] == STARTS_ON.isoformat()


async def test_a_dbs_not_met_withdraws_the_offer_once(training: Training) -> None:
    placed = await training.accepted_offer()
    met = await training.client.put(
        f"{placed.path}/conditions/identity", json={"status": "met"}, headers=placed.key
    )
    assert met.status_code == 200, met.text
    no_reason = await training.client.put(
        f"{placed.path}/conditions/dbs", json={"status": "not_met"}, headers=placed.key
    )
    assert no_reason.status_code == 422
    assert no_reason.json()["errors"][0]["field"] == "reason"

    refused = await training.client.put(
        f"{placed.path}/conditions/dbs",
        json={"status": "not_met", "reason": "dbs_disclosure"},
        headers=placed.key,
    )
    assert refused.status_code == 200, refused.text
    assert refused.json()["status"] == "offer_withdrawn"
    again = await training.client.put(
        f"{placed.path}/conditions/dbs",
        json={"status": "not_met", "reason": "dbs_disclosure"},
        headers=placed.key,
    )
    assert again.status_code == 409
    start = await training.client.post(
        f"{placed.path}/start", json={"starts_on": STARTS_ON.isoformat()}, headers=placed.key
    )
    assert start.status_code == 409

    mine = lambda d: d["application_id"] == str(placed.application_id)  # noqa: E731
    [withdrawn] = await training.events("placement.offer_withdrawn", mine)
    assert withdrawn["reason"] == "conditions_not_met"
    assert withdrawn["condition"] == "dbs"
    assert withdrawn["condition_reason"] == "dbs_disclosure"
    assert withdrawn["vacancy_id"]
    # Once: the topic holds exactly one, now that the second refusal is answered.
    records = await read_topic(training.kafka, f"{training.prefix}returners.training")
    assert [
        r.json()["data"]["application_id"]
        for r in records
        if r.headers.get("ce_type") == "returners.placement.offer_withdrawn.v1"
    ].count(str(placed.application_id)) == 1


async def test_every_condition_met_lets_the_placement_start(training: Training) -> None:
    placed = await training.accepted_offer()
    early = await training.client.post(
        f"{placed.path}/start", json={"starts_on": STARTS_ON.isoformat()}, headers=placed.key
    )
    assert early.status_code == 409
    await training.started(placed)
    mine = lambda d: d["application_id"] == str(placed.application_id)  # noqa: E731
    await training.events("placement.conditions_met", mine)
    [started] = await training.events("placement.started", mine)
    assert started["starts_on"] == STARTS_ON.isoformat()


async def test_referees_answers_record_the_reference_conditions(training: Training) -> None:
    placed = await training.accepted_offer()
    example = EXAMPLES[ReferenceReceived]
    for reference, outcome in (
        (ReferenceNumber.REFERENCE_1, ReferenceOutcome.SATISFACTORY),
        (ReferenceNumber.REFERENCE_2, ReferenceOutcome.UNSATISFACTORY),
    ):
        await training.deliver(
            example.model_copy(
                update={
                    "application_id": placed.application_id,
                    "reference_id": uuid4(),
                    "reference": reference,
                    "outcome": outcome,
                }
            ),
            "/returners/applications",
        )
    mine = lambda d: d["application_id"] == str(placed.application_id)  # noqa: E731
    [withdrawn] = await training.events("placement.offer_withdrawn", mine)
    assert withdrawn["condition"] == "reference_2"
    assert withdrawn["condition_reason"] == "unsatisfactory_reference"
    view = (await training.client.get(placed.path, headers=placed.key)).json()
    assert view["conditions"]["reference_1"]["status"] == "met"
    assert view["conditions"]["reference_2"]["status"] == "not_met"


async def test_another_councils_key_reaches_nothing_and_no_key_is_refused(
    training: Training,
) -> None:
    placed = await training.accepted_offer()
    other_id, other_key = training.council()
    await training.started(placed)
    attempts = [
        ("put", f"{placed.path}/conditions/dbs", {"status": "met"}),
        (
            "post",
            f"{placed.path}/hours",
            {"on": TODAY.isoformat(), "hours": 7, "kind": "placement"},
        ),
        ("get", placed.path, None),
        ("get", f"{placed.path}/updating-record", None),
    ]
    for method, path, body in attempts:
        kwargs = {"json": body} if body else {}
        theirs = await training.client.request(method, path, headers=other_key, **kwargs)
        assert theirs.status_code == 404, (path, theirs.text)
        nobody = await training.client.request(method, path, **kwargs)
        assert nobody.status_code == 401, (path, nobody.text)
    csv = f"application_id,on,hours,kind\n{placed.application_id},{TODAY},7,placement\n"
    theirs = await training.client.post(
        f"/councils/{placed.council_id}/hours",
        content=csv,
        headers={**other_key, "content-type": "text/csv"},
    )
    assert theirs.status_code == 404
    # Under its own path, the other council's file names the row: no such placement of its.
    own = await training.client.post(
        f"/councils/{other_id}/hours",
        content=csv,
        headers={**other_key, "content-type": "text/csv"},
    )
    assert own.status_code == 422
    assert [e["field"] for e in own.json()["errors"]] == ["line 2.application_id"]
    listed = await training.client.get(
        f"/councils/{placed.council_id}/placements", headers=placed.key
    )
    assert [p["application_id"] for p in listed.json()] == [str(placed.application_id)]
    view = (await training.client.get(placed.path, headers=placed.key)).json()
    assert view["hours_logged"] == 0

"""From an accepted offer to a placement that may start: its conditions, recorded by the
council or (references) from the referees' answers; one not met withdraws the offer, once;
another council can touch none of it."""

from typing import Any
from uuid import UUID, uuid4

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


async def _answer(
    training: Training, application_id: UUID, reference: ReferenceNumber, outcome: ReferenceOutcome
) -> UUID:
    """A referee's answer as the applications service publishes it; its reference id."""
    reference_id = uuid4()
    await training.deliver(
        EXAMPLES[ReferenceReceived].model_copy(
            update={
                "application_id": application_id,
                "reference_id": reference_id,
                "reference": reference,
                "outcome": outcome,
            }
        ),
        "/returners/applications",
    )
    return reference_id


async def _references_recorded(training: Training, application_id: UUID) -> list[dict[str, Any]]:
    records = await read_topic(training.kafka, f"{training.prefix}returners.training")
    return [
        r.json()["data"]
        for r in records
        if r.headers.get("ce_type") == "returners.placement.condition_recorded.v1"
        and r.json()["data"]["application_id"] == str(application_id)
        and r.json()["data"]["condition"] == "references"
    ]


async def test_both_references_satisfactory_meet_the_references_condition_once(
    training: Training,
) -> None:
    placed = await training.accepted_offer()
    a = placed.application_id
    await _answer(training, a, ReferenceNumber.REFERENCE_1, ReferenceOutcome.SATISFACTORY)
    second = await _answer(training, a, ReferenceNumber.REFERENCE_2, ReferenceOutcome.SATISFACTORY)

    mine = lambda d: d["application_id"] == str(a) and d["condition"] == "references"  # noqa: E731
    [met] = await training.events("placement.condition_recorded", mine)
    assert met["status"] == "met"
    assert met["reference_id"] == str(second)
    # The first answer (same partition, so handled before the second) recorded nothing.
    assert len(await _references_recorded(training, a)) == 1
    view = (await training.client.get(placed.path, headers=placed.key)).json()
    assert set(view["conditions"]) == {"dbs", "identity", "right_to_work", "references"}
    assert view["conditions"]["references"]["status"] == "met"
    assert view["status"] == "awaiting_conditions"  # the council's three still pending


async def test_one_unsatisfactory_reference_withdraws_the_offer_without_the_other(
    training: Training,
) -> None:
    placed = await training.accepted_offer()
    bad = await _answer(
        training,
        placed.application_id,
        ReferenceNumber.REFERENCE_2,
        ReferenceOutcome.UNSATISFACTORY,
    )
    mine = lambda d: d["application_id"] == str(placed.application_id)  # noqa: E731
    [withdrawn] = await training.events("placement.offer_withdrawn", mine)
    assert withdrawn["condition"] == "references"
    assert withdrawn["condition_reason"] == "unsatisfactory_reference"
    [recorded] = await _references_recorded(training, placed.application_id)
    assert recorded["status"] == "not_met"
    assert recorded["reference_id"] == str(bad)
    view = (await training.client.get(placed.path, headers=placed.key)).json()
    assert view["status"] == "offer_withdrawn"
    assert view["conditions"]["references"]["reason"] == "unsatisfactory_reference"


async def test_referees_answers_before_the_placement_opens_count_when_it_opens(
    training: Training,
) -> None:
    application_id = uuid4()
    for reference in ReferenceNumber:
        await _answer(training, application_id, reference, ReferenceOutcome.SATISFACTORY)
    # The acceptance follows the answers on the applications topic (same key, same partition),
    # so the placement opens after both are kept.
    placed = await training.accepted_offer(application_id=application_id)
    [met] = await training.events(
        "placement.condition_recorded",
        lambda d: d["application_id"] == str(application_id) and d["condition"] == "references",
    )
    assert met["status"] == "met"
    view = (await training.client.get(placed.path, headers=placed.key)).json()
    assert view["conditions"]["references"]["status"] == "met"


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

"""The training service's facts about the placement an accepted offer opened, shown on the
applicant's status and timeline; the returner reports their restoration to the register."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from returners_cli.testing.kafka import wait_for_events
from returners_cli.testing.polling import eventually
from returners_platform.contracts import events
from returners_platform.contracts.envelope import EventData
from returners_platform.contracts.examples import EXAMPLES
from returners_platform.contracts.vocabulary import (
    ConditionNotMetReason,
    ConditionStatus,
    HoursKind,
    PlacementCondition,
)

from .conftest import Service
from .test_lifecycle import _decision, _offer, _status_is, _submit

pytestmark = pytest.mark.integration

TRAINING = "/returners/training"


class Placement:
    """The training service's events about one accepted offer, each a moment after the
    last (so the timeline keeps their order)."""

    def __init__(self, service: Service, offer_id: uuid.UUID, application_id: str) -> None:
        self.service = service
        self.ids = {
            "placement_id": offer_id,
            "application_id": uuid.UUID(application_id),
            "programme_id": "rtsw-open",
        }
        self.at = datetime.now(UTC)

    def moment(self) -> datetime:
        self.at += timedelta(milliseconds=10)
        return self.at

    async def send(self, model: type[EventData], **fields: Any) -> None:
        data = EXAMPLES[model].model_copy(update={**self.ids, **fields})
        await self.service.deliver(data, source=TRAINING)


async def _accepted(service: Service) -> tuple[str, str, Placement]:
    application_id, token = await _submit(service)
    await service.deliver(_decision(application_id))
    offer = _offer(application_id)
    await service.deliver(offer)
    await _status_is(service, application_id, token, "offered")
    accepted = await service.client.post(
        f"/applications/{application_id}/offers/{offer.offer_id}/accept",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert accepted.status_code == 200, accepted.text
    return application_id, token, Placement(service, offer.offer_id, application_id)


async def test_the_status_shows_each_training_step_and_the_hours_so_far(service: Service) -> None:
    application_id, token, placement = await _accepted(service)
    await placement.send(
        events.PlacementOpened, updating_days=30, required_hours=210, opened_at=placement.moment()
    )
    for condition in PlacementCondition:
        await placement.send(
            events.PlacementConditionRecorded,
            condition=condition,
            status=ConditionStatus.MET,
            reason=None,
            recorded_at=placement.moment(),
        )
    await placement.send(events.PlacementConditionsMet, met_at=placement.moment())
    await placement.send(events.PlacementStarted, required_hours=210, started_at=placement.moment())
    for total in (7, 14, 12.5):  # the last a correction: the effective total went down
        await placement.send(
            events.HoursLogged,
            entry_id=uuid.uuid4(),
            total_hours=total,
            required_hours=210,
            logged_at=placement.moment(),
        )

    view = await eventually(
        lambda: service.status(application_id, token),
        until=lambda v: (v["placement"] or {}).get("hours", {}).get("logged") == 12.5,
        what="the corrected total",
    )
    assert view["status"] == "in_placement"
    shown = view["placement"]
    assert shown["stage"] == "started"
    assert [(c["condition"], c["status"]) for c in shown["conditions"]] == [
        (c.value, "met") for c in PlacementCondition
    ]
    assert shown["hours"] == {
        "logged": 12.5,
        "required": 210,
        "remaining": 197.5,
        "days_logged": 1.8,
        "by_kind": None,
    }

    by_kind = {HoursKind.PLACEMENT: 200.0, HoursKind.WORKSHOP: 14.0}
    await placement.send(
        events.PlacementCompleted,
        hours_by_kind=by_kind,
        total_hours=214,
        required_hours=210,
        completed_at=placement.moment(),
    )
    view = await _status_is(service, application_id, token, "completed")
    assert view["placement"]["hours"]["by_kind"] == {"placement": 200.0, "workshop": 14.0}

    today = datetime.now(UTC).date().isoformat()
    auth = {"Authorization": f"Bearer {token}"}
    url = f"/applications/{application_id}/reregistration"
    pending = {"applied_on": today, "decision": "pending"}
    restored = {"applied_on": today, "decision": "restored", "decided_on": today}
    reported = await service.client.post(url, json=pending, headers=auth)
    assert reported.status_code == 201, reported.text
    assert reported.json()["placement"]["reregistration"]["decision"] == "pending"
    undated = await service.client.post(url, json={**restored, "decided_on": None}, headers=auth)
    assert undated.status_code == 422, undated.text
    assert [e["field"] for e in undated.json()["errors"]] == ["decided_on"]
    decided = await service.client.post(url, json=restored, headers=auth)
    assert decided.status_code == 201, decided.text
    again = await service.client.post(url, json=restored, headers=auth)
    assert again.status_code == 200, again.text
    assert again.json()["placement"]["reregistration"]["decision"] == "restored"
    for after in (pending, {**restored, "decision": "refused"}):
        other = await service.client.post(url, json=after, headers=auth)
        assert (other.status_code, other.json()["code"]) == (409, "reregistration_reported")
    published = await wait_for_events(
        service.kafka,
        service.prefix,
        "reregistration.reported",
        lambda d: d["application_id"] == application_id,
        count=2,
    )
    assert [(p["decision"], p["decided_on"]) for p in published] == [
        ("pending", None),
        ("restored", today),
    ]

    await placement.send(events.ReturnerReregistered, recorded_at=datetime.now(UTC))
    view = await _status_is(service, application_id, token, "reregistered")
    assert view["placement"]["reregistration"]["confirmed_at"] is not None
    assert [e["type"] for e in view["timeline"]] == [
        "submitted",
        "eligibility_decided",
        "offered",
        "accepted",
        "placement_opened",
        *["condition_recorded"] * len(PlacementCondition),
        "conditions_met",
        "placement_started",
        "placement_completed",
        "reregistration_reported",
        "reregistration_reported",
        "reregistered",
    ]


async def test_a_condition_not_met_shows_the_offer_withdrawn_with_its_reason(
    service: Service,
) -> None:
    application_id, token, placement = await _accepted(service)
    await placement.send(events.PlacementOpened, opened_at=placement.moment())
    await placement.send(
        events.PlacementConditionRecorded,
        condition=PlacementCondition.DBS,
        status=ConditionStatus.NOT_MET,
        reason=ConditionNotMetReason.DBS_DISCLOSURE,
        recorded_at=placement.moment(),
    )
    await placement.send(events.PlacementOfferWithdrawn, withdrawn_at=placement.moment())

    view = await _status_is(service, application_id, token, "offer_withdrawn")
    assert [o["status"] for o in view["offers"]] == ["withdrawn"]
    shown = view["placement"]
    assert (shown["stage"], shown["offer_withdrawal"]["condition_reason"]) == (
        "offer_withdrawn",
        "dbs_disclosure",
    )
    assert shown["conditions"][0] == {
        "condition": "dbs",
        "status": "not_met",
        "reason": "dbs_disclosure",
        "recorded_at": shown["conditions"][0]["recorded_at"],
    }
    assert {c["status"] for c in shown["conditions"][1:]} == {"pending"}
    refused = await service.client.post(
        f"/applications/{application_id}/reregistration",
        json={"applied_on": "2020-01-01", "decision": "refused", "decided_on": "2020-01-02"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert (refused.status_code, refused.json()["code"]) == (409, "placement_not_completed")

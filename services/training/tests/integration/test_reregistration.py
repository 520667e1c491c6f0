"""The returner's restoration to the register, reported through the applications service
(``reregistration.reported`` on Kafka): recorded as operations' report would be, refused and
pending shown, ``returner.reregistered`` once when restored; a report with no completed
placement is dead-lettered with the reason."""

from datetime import timedelta
from typing import Any

import pytest

from returners_cli.testing.kafka import read_topic, wait_for_records
from returners_cli.testing.polling import eventually

from .conftest import TODAY, Placed, Training

pytestmark = pytest.mark.integration


async def _reregistration(training: Training, placed: Placed, decision: str) -> dict[str, Any]:
    """The placement's restoration, once it shows ``decision``."""
    view = await eventually(
        lambda: training.client.get(placed.path, headers=placed.key),
        until=lambda r: (r.json().get("reregistration") or {}).get("decision") == decision,
        what=f"the re-registration {decision}",
    )
    found: dict[str, Any] = view.json()
    return found


async def _reregistered(training: Training, placed: Placed) -> list[dict[str, Any]]:
    records = await read_topic(training.kafka, f"{training.prefix}returners.training")
    return [
        r.json()["data"]
        for r in records
        if r.headers.get("ce_type") == "returners.returner.reregistered.v1"
        and r.json()["data"]["application_id"] == str(placed.application_id)
    ]


async def test_a_returners_report_records_pending_then_refused_then_restored_once(
    training: Training,
) -> None:
    placed = await training.accepted_offer()
    await training.completed(placed)
    applied = TODAY + timedelta(days=1)  # the returner applies after completing

    await training.report_reregistration(placed, "pending", applied, None)
    pending = await _reregistration(training, placed, "pending")
    assert pending["reregistration"] == {
        "applied_on": applied.isoformat(),
        "decision": "pending",
        "decided_on": None,
        "reported_by": "returner",
    }
    assert pending["reregistered_on"] is None

    refused_on = applied + timedelta(days=30)
    await training.report_reregistration(placed, "refused", applied, refused_on)
    refused = await _reregistration(training, placed, "refused")
    assert refused["reregistration"]["decided_on"] == refused_on.isoformat()
    assert refused["reregistered_on"] is None

    reapplied, restored_on = refused_on + timedelta(days=10), refused_on + timedelta(days=40)
    for _ in range(2):  # reported twice: restored once
        await training.report_reregistration(placed, "restored", reapplied, restored_on)
    [restored] = await training.events(
        "returner.reregistered", lambda d: d["application_id"] == str(placed.application_id)
    )
    assert restored["reported_by"] == "returner"
    assert restored["applied_on"] == reapplied.isoformat()
    assert restored["decided_on"] == restored_on.isoformat()
    view = await _reregistration(training, placed, "restored")
    assert view["reregistered_on"] == restored_on.isoformat()

    # A refusal reported after the restoration is dead-lettered; it follows both restored
    # reports on the partition, so once it is there they were handled: one event.
    await training.report_reregistration(placed, "refused", reapplied, restored_on)
    [dead] = await wait_for_records(
        training.kafka,
        f"{training.prefix}returners.dlq.training",
        lambda r: r.key == str(placed.application_id),
    )
    assert "restored to the register already" in dead.headers["dlq.reason"]
    assert len(await _reregistered(training, placed)) == 1
    view = (await training.client.get(placed.path, headers=placed.key)).json()
    assert view["reregistration"]["decision"] == "restored"


async def test_a_report_before_the_placement_completes_is_dead_lettered(
    training: Training,
) -> None:
    placed = await training.accepted_offer()
    await training.started(placed)
    await training.report_reregistration(placed, "restored", TODAY, TODAY)

    [dead] = await wait_for_records(
        training.kafka,
        f"{training.prefix}returners.dlq.training",
        lambda r: r.key == str(placed.application_id),
    )
    assert "completed placement" in dead.headers["dlq.reason"]
    view = (await training.client.get(placed.path, headers=placed.key)).json()
    assert view["reregistration"] is None
    assert await _reregistered(training, placed) == []

"""Council subscriptions over HTTP: create (secret once), list, read, pause, resume, delete."""

import uuid

import pytest

from .conftest import Service, council_headers
from .events import vacancy
from .receiver import receiving

pytestmark = pytest.mark.integration


async def test_the_secret_is_shown_once_and_the_subscription_is_listed_without_it(
    service: Service,
) -> None:
    council_id = uuid.uuid4()
    created = await service.subscribe(
        council_id, "http://127.0.0.1:9/hooks", ["placement.offered", "returner.hired"]
    )
    assert created["secret"].startswith("whsec_")
    assert created["status"] == "active"
    assert created["event_types"] == ["placement.offered", "returner.hired"]
    headers = council_headers(council_id)

    listed = await service.client.get(f"/councils/{council_id}/subscriptions", headers=headers)
    [item] = listed.json()
    assert item["subscription_id"] == created["subscription_id"]
    assert "secret" not in item
    one = await service.client.get(
        f"/councils/{council_id}/subscriptions/{created['subscription_id']}", headers=headers
    )
    assert "secret" not in one.json()
    stored = await service.rows("SELECT secret_ciphertext FROM subscriptions")
    assert created["secret"].encode() not in stored[0]["secret_ciphertext"]


async def test_a_council_key_is_required_and_only_for_its_own_council(service: Service) -> None:
    council_id, other = uuid.uuid4(), uuid.uuid4()
    path = f"/councils/{council_id}/subscriptions"
    body = {"url": "http://127.0.0.1:9/", "event_types": ["placement.offered"]}
    assert (await service.client.post(path, json=body)).status_code == 401
    bad_key = {"Authorization": "Bearer rtc.not.a.key"}
    assert (await service.client.post(path, json=body, headers=bad_key)).status_code == 401
    answer = await service.client.post(path, json=body, headers=council_headers(other))
    assert answer.status_code == 404


@pytest.mark.parametrize(
    ("event_types", "field"),
    [
        (["placement.offered", "placement.exploded"], "event_types.1"),
        (["application.submitted"], "event_types.0"),
        (["returners.placement.offered.v1"], "event_types.0"),
        ([], "event_types"),
    ],
)
async def test_unknown_event_types_are_refused_naming_the_field(
    service: Service, event_types: list[str], field: str
) -> None:
    council_id = uuid.uuid4()
    answer = await service.client.post(
        f"/councils/{council_id}/subscriptions",
        json={"url": "http://127.0.0.1:9/", "event_types": event_types},
        headers=council_headers(council_id),
    )
    assert answer.status_code == 422
    assert field in [e["field"] for e in answer.json()["errors"]]


async def test_a_paused_subscription_receives_nothing_until_resumed(service: Service) -> None:
    council_id = uuid.uuid4()
    headers = council_headers(council_id)
    with receiving() as receiver:
        created = await service.subscribe(council_id, receiver.url, ["vacancy.published"])
        path = f"/councils/{council_id}/subscriptions/{created['subscription_id']}"
        paused = await service.client.post(f"{path}/pause", headers=headers)
        assert paused.json()["status"] == "paused"
        while_paused = await service.deliver(vacancy(council_id))
        await _consumed(service, while_paused.id)

        resumed = await service.client.post(f"{path}/resume", headers=headers)
        assert resumed.json()["status"] == "active"
        after = await service.deliver(vacancy(council_id))
        [delivered] = await service.wait_for_deliveries(council_id, 1)
        assert delivered["event_id"] == after.id
        assert len(receiver.snapshot()) == 1


async def test_a_deleted_subscription_is_gone_and_its_pending_deliveries_are_cancelled(
    service: Service,
) -> None:
    council_id = uuid.uuid4()
    headers = council_headers(council_id)
    with receiving(default_status=500) as receiver:
        created = await service.subscribe(council_id, receiver.url, ["vacancy.published"])
        path = f"/councils/{council_id}/subscriptions/{created['subscription_id']}"
        await service.deliver(vacancy(council_id))
        await service.wait_for_deliveries(council_id, 1, status="pending")

        assert (await service.client.delete(path, headers=headers)).status_code == 204
        assert (await service.client.get(path, headers=headers)).status_code == 404
        assert (await service.client.delete(path, headers=headers)).status_code == 404
        listed = await service.client.get(f"/councils/{council_id}/subscriptions", headers=headers)
        assert listed.json() == []
        # The worker only claims pending deliveries: a cancelled one is never sent again.
        [cancelled] = await service.deliveries(council_id)
        assert (cancelled["status"], cancelled["last_error"]) == (
            "cancelled",
            "subscription deleted",
        )
        assert cancelled["attempts"] == len(receiver.snapshot())


async def test_a_council_has_a_bounded_number_of_subscriptions(service: Service) -> None:
    council_id = uuid.uuid4()
    for _ in range(service.settings.max_subscriptions_per_council):
        await service.subscribe(council_id, "http://127.0.0.1:9/", ["vacancy.closed"])
    answer = await service.client.post(
        f"/councils/{council_id}/subscriptions",
        json={"url": "http://127.0.0.1:9/", "event_types": ["vacancy.closed"]},
        headers=council_headers(council_id),
    )
    assert answer.status_code == 409
    assert answer.json()["code"] == "too_many_subscriptions"


async def _consumed(service: Service, event_id: str) -> None:
    from returners_cli.testing.polling import eventually

    await eventually(
        lambda: service.rows("SELECT 1 FROM processed_events WHERE event_id = $1", event_id),
        what=f"event {event_id} consumed",
    )

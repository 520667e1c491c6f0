"""Webhooks to a real HTTP receiver: signatures, retries with one webhook-id, dead letters,
replay, and the metrics of all that."""

import json
import uuid

import pytest
from standardwebhooks import Webhook

from returners_cli.testing.kafka import wait_for_records
from returners_cli.testing.polling import eventually

from .conftest import OPS_HEADERS, Service, make_settings, started
from .events import offer, vacancy
from .receiver import receiving

pytestmark = pytest.mark.integration


async def test_every_delivery_is_a_signed_cloudevent_that_verifies_with_standardwebhooks(
    service: Service,
) -> None:
    council_id = uuid.uuid4()
    with receiving() as receiver:
        created = await service.subscribe(
            council_id, receiver.url, ["placement.offered", "vacancy.published"]
        )
        sent = [
            await service.deliver(vacancy(council_id)),
            await service.deliver(offer(council_id, uuid.uuid4())),
        ]
        await service.wait_for_deliveries(council_id, 2)

        webhook = Webhook(created["secret"])
        received = receiver.snapshot()
        assert len(received) == 2
        for request in received:
            payload = webhook.verify(request.body, request.headers)
            assert request.headers["content-type"] == "application/cloudevents+json"
            assert payload["specversion"] == "1.0"
            assert payload["data"]["council_id"] == str(council_id)
        by_id = {json.loads(r.body)["id"]: json.loads(r.body) for r in received}
        assert set(by_id) == {event.id for event in sent}
        assert {e["type"] for e in by_id.values()} == {
            "returners.vacancy.published.v1",
            "returners.placement.offered.v1",
        }
        assert len({r.webhook_id for r in received}) == 2
        log = await service.deliveries(council_id)
        assert {d["webhook_id"] for d in log} == {r.webhook_id for r in received}
        assert {d["event_type"] for d in log} == {"vacancy.published", "placement.offered"}

        metrics = await eventually(
            lambda: service.client.get("/metrics"),
            until=lambda r: 'notifications_delivery_queue_depth{channel="webhook"} 0.0' in r.text,
            what="queue gauge refreshed",
        )
        assert 'notifications_deliveries_total{channel="webhook",outcome="delivered"}' in (
            metrics.text
        )
        assert 'notifications_delivery_oldest_pending_seconds{channel="webhook"}' in metrics.text


async def test_a_receiver_failing_twice_gets_the_delivery_once_in_effect_with_one_webhook_id(
    service: Service,
) -> None:
    council_id = uuid.uuid4()
    with receiving(script=[500, 500]) as receiver:
        created = await service.subscribe(council_id, receiver.url, ["placement.offered"])
        await service.deliver(offer(council_id, uuid.uuid4()))
        [delivered] = await service.wait_for_deliveries(council_id, 1)

        received = receiver.snapshot()
        assert [r.status for r in received] == [500, 500, 200]
        assert {r.webhook_id for r in received} == {delivered["webhook_id"]}
        assert list(receiver.processed) == [delivered["webhook_id"]]
        assert receiver.duplicates == 0
        for request in received:  # every retry is signed afresh, and verifies
            Webhook(created["secret"]).verify(request.body, request.headers)
        assert len({r.body for r in received}) == 1

        detail = await service.delivery(council_id, delivered["delivery_id"])
        assert detail["attempts"] == 3
        assert [(a["outcome"], a["status_code"]) for a in detail["attempt_log"]] == [
            ("failed", 500),
            ("failed", 500),
            ("delivered", 200),
        ]


async def test_a_receiver_that_always_fails_gives_a_dead_letter_that_replays_once_fixed(
    database: str,
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    council_id = uuid.uuid4()
    settings = make_settings(database, kafka_bootstrap, topic_prefix, delivery_max_attempts=3)
    with receiving(default_status=503) as receiver:
        async with started(settings) as service:
            created = await service.subscribe(council_id, receiver.url, ["placement.offered"])
            await service.deliver(offer(council_id, uuid.uuid4()))
            [dead] = await service.wait_for_deliveries(council_id, 1, status="dead_letter")
            assert dead["attempts"] == 3
            assert dead["last_error"] == "HTTP 503 from the receiver"
            assert dead["next_attempt_at"] is None

            [failed] = await wait_for_records(
                service.kafka,
                service.topic("returners.notifications"),
                lambda r: r.json()["data"]["delivery_id"] == dead["delivery_id"],
            )
            event = failed.json()
            assert failed.key == str(council_id)
            assert event["type"] == "returners.notification.delivery_failed.v1"
            assert event["data"]["channel"] == "webhook"
            assert event["data"]["attempts"] == 3
            assert event["data"]["subscription_id"] == created["subscription_id"]
            assert receiver.processed == {}

            replay = f"/admin/deliveries/{dead['delivery_id']}/replay"
            assert (await service.client.post(replay)).status_code == 401
            receiver.always(200)
            answer = await service.client.post(replay, headers=OPS_HEADERS)
            assert answer.status_code == 202, answer.text
            assert answer.json()["status"] == "pending"

            [delivered] = await service.wait_for_deliveries(council_id, 1)
            assert delivered["delivery_id"] == dead["delivery_id"]
            assert await service.deliveries(council_id, status="dead_letter") == []
            again = await service.client.post(replay, headers=OPS_HEADERS)
            assert again.status_code == 409

        received = receiver.snapshot()
        assert [r.status for r in received] == [503, 503, 503, 200]
        assert {r.webhook_id for r in received} == {dead["webhook_id"]}
        assert list(receiver.processed) == [dead["webhook_id"]]
        Webhook(created["secret"]).verify(received[-1].body, received[-1].headers)


async def test_operators_list_dead_letters_of_every_council(
    database: str,
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    settings = make_settings(database, kafka_bootstrap, topic_prefix, delivery_max_attempts=1)
    council_id = uuid.uuid4()
    with receiving(default_status=500) as receiver:
        async with started(settings) as service:
            await service.subscribe(council_id, receiver.url, ["vacancy.published"])
            await service.deliver(vacancy(council_id))
            [dead] = await service.wait_for_deliveries(council_id, 1, status="dead_letter")
            assert (await service.client.get("/admin/deliveries")).status_code == 401
            listed = await service.client.get("/admin/deliveries", headers=OPS_HEADERS)
            [row] = listed.json()
            assert (row["delivery_id"], row["channel"], row["recipient_id"]) == (
                dead["delivery_id"],
                "webhook",
                str(council_id),
            )

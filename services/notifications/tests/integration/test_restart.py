"""Stopping the service mid-way (as a crash or a deploy would) loses nothing and delivers
nothing twice in effect: retries resume from the database, with the same webhook-id."""

import threading
import uuid

import pytest
from standardwebhooks import Webhook

from returners_cli.testing.polling import eventually

from .conftest import make_settings, started
from .events import offer
from .receiver import receiving

pytestmark = pytest.mark.integration


async def test_a_restart_in_the_middle_of_retries_loses_nothing_and_delivers_once(
    database: str,
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    council_id = uuid.uuid4()
    settings = make_settings(database, kafka_bootstrap, topic_prefix, delivery_max_attempts=50)
    with receiving(default_status=500) as receiver:
        async with started(settings) as first:
            created = await first.subscribe(council_id, receiver.url, ["placement.offered"])
            await first.deliver(offer(council_id, uuid.uuid4()))
            await eventually(
                lambda: first.rows("SELECT attempts FROM deliveries WHERE channel = 'webhook'"),
                until=lambda rows: bool(rows) and rows[0]["attempts"] >= 2,
                what="two failed attempts recorded",
                timeout=60,
            )
        # Stopped mid-retries: the delivery waits in the database.
        [pending] = await first.rows(
            "SELECT status, attempts FROM deliveries WHERE channel = 'webhook'"
        )
        assert pending["status"] == "pending"
        assert pending["attempts"] >= 2
        failed_before_restart = len(receiver.snapshot())
        # An attempt under way at the stop reached the receiver, but its claim rolled back
        # unrecorded (as a crash's would): at most that one is missing from the record.
        assert pending["attempts"] <= failed_before_restart <= pending["attempts"] + 1

        receiver.always(200)
        async with started(settings) as second:
            [delivered] = await second.wait_for_deliveries(council_id, 1)
            detail = await second.delivery(council_id, delivered["delivery_id"])

    received = receiver.snapshot()
    assert [r.status for r in received] == [500] * failed_before_restart + [200]
    assert {r.webhook_id for r in received} == {delivered["webhook_id"]}
    assert list(receiver.processed) == [delivered["webhook_id"]]
    assert detail["attempts"] == pending["attempts"] + 1  # the recorded failures, the success
    Webhook(created["secret"]).verify(received[-1].body, received[-1].headers)


async def test_a_send_cut_off_by_a_stop_is_sent_again_with_the_same_webhook_id(
    database: str,
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    """The receiver processed the delivery, but the service stopped before recording the 2xx.
    The delivery is sent again after the restart; the receiver sees the same webhook-id and
    does not process it twice."""
    council_id = uuid.uuid4()
    settings = make_settings(database, kafka_bootstrap, topic_prefix)
    hold = threading.Event()
    with receiving(hold=hold) as receiver:
        async with started(settings) as first:
            await first.subscribe(council_id, receiver.url, ["placement.offered"])
            await first.deliver(offer(council_id, uuid.uuid4()))
            await eventually(
                lambda: len(receiver.processed),
                until=lambda n: n == 1,
                what="the receiver processing the delivery",
                timeout=60,
            )
        hold.set()  # the answer comes too late: the service has stopped
        [unsettled] = await first.rows("SELECT status FROM deliveries WHERE channel = 'webhook'")
        assert unsettled["status"] == "pending"

        async with started(settings) as second:
            [delivered] = await second.wait_for_deliveries(council_id, 1)

    received = receiver.snapshot()
    assert len(received) == 2
    assert {r.webhook_id for r in received} == {delivered["webhook_id"]}
    assert list(receiver.processed) == [delivered["webhook_id"]]
    assert receiver.duplicates == 1  # recognised by its webhook-id, so not processed twice

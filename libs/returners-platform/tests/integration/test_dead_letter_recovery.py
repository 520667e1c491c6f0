"""Dead letters after a failed send: a fresh producer, so a consumer retrying a dead letter
gets through once the broker is back (instead of being refused for ever)."""

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from aiokafka.structs import ConsumerRecord

from returners_cli.testing.kafka import wait_for_records
from returners_platform.messaging import dead_letters as dlq
from returners_platform.messaging.dead_letters import DeadLetters

from .wedged import wedged_then_sound

pytestmark = pytest.mark.integration


def _record(topic: str) -> ConsumerRecord[bytes, bytes]:
    return ConsumerRecord(
        topic=topic,
        partition=0,
        offset=41,
        timestamp=0,
        timestamp_type=0,
        key=b"k-wedged",
        value=b"{not json",
        checksum=None,
        serialized_key_size=8,
        serialized_value_size=9,
        headers=(),
    )


async def test_a_failed_dead_letter_is_sent_by_a_fresh_producer_on_the_retry(
    kafka_bootstrap: str, topics: str
) -> None:
    made: list[AIOKafkaProducer] = []
    letters = DeadLetters(
        wedged_then_sound(kafka_bootstrap, made, "dlq-test"), "applications", topics
    )
    record = _record(f"{topics}returners.programmes")
    try:
        with pytest.raises(KafkaError):
            await letters.send(
                record, reason="r", error_type="undecodable", event_id=None, attempts=1
            )
        assert made[0]._closed
        await letters.send(record, reason="r", error_type="undecodable", event_id=None, attempts=1)
    finally:
        await letters.close()
    [letter] = await wait_for_records(kafka_bootstrap, letters.topic, lambda r: r.key == "k-wedged")
    assert letter.headers[dlq.H_ORIGINAL_OFFSET] == "41"
    assert len(made) == 2
    assert all(p._closed for p in made)

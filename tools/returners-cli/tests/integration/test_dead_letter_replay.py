"""`returners dead-letters list` and `replay` against the real broker."""

import uuid

import pytest

from returners_cli.kafka_ops import dead_letters, replay_dead_letters
from returners_cli.testing.kafka import produce_raw, wait_for_records
from returners_platform.contracts.topics import ALL_TOPICS
from returners_platform.messaging.kafka import ensure_topics

pytestmark = pytest.mark.integration


async def test_a_dead_letter_is_listed_replayed_once_to_its_topic_then_marked_replayed(
    kafka_bootstrap: str, topic_prefix: str
) -> None:
    await ensure_topics(kafka_bootstrap, ALL_TOPICS, prefix=topic_prefix)
    original = f"{topic_prefix}returners.applications"
    key = uuid.uuid4().hex
    await produce_raw(
        kafka_bootstrap,
        f"{topic_prefix}returners.dlq.applications",
        b'{"the": "event"}',
        key.encode(),
        [
            ("ce_type", b"returners.application.withdrawn.v1"),
            ("dlq.original_topic", original.encode()),
            ("dlq.reason", b"handler bug"),
            ("dlq.error_type", b"handler_error"),
            ("dlq.event_id", b"e-1"),
        ],
    )
    [listed] = await dead_letters(kafka_bootstrap, topic_prefix, "applications")
    assert (listed.reason, listed.original_topic, listed.replayed) == (
        "handler bug",
        original,
        False,
    )

    assert await replay_dead_letters(kafka_bootstrap, "applications", topic_prefix) == 1
    [replayed] = await wait_for_records(kafka_bootstrap, original, lambda r: r.key == key)
    assert replayed.value == b'{"the": "event"}'
    assert replayed.headers["ce_type"] == "returners.application.withdrawn.v1"
    assert [h for h in replayed.headers if h.startswith("dlq.")] == ["dlq.replayed_from"]

    assert await replay_dead_letters(kafka_bootstrap, "applications", topic_prefix) == 0
    [again] = await dead_letters(kafka_bootstrap, topic_prefix, "applications")
    assert again.replayed

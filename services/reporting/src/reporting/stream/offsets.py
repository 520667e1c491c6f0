"""Postgres is the source of truth for positions: align the consumer group to it at start.

Before the faust worker joins its group, the group's committed offsets are set to the
stored position + 1 of every partition (the log's start where Postgres has none), so
faust resumes exactly after the last record applied in Postgres: never after (a record
would be lost), and never far before (only the batch in flight at a crash is read again,
and skipped by the position check).
"""

import structlog
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import KafkaError

from reporting.config import Settings
from reporting.store import positions
from reporting.stream.kafka_io import event_topic_names, partitions_of

log = structlog.get_logger(__name__)


def resume_offsets(
    stored: dict[positions.TopicPartition, int], beginnings: dict[TopicPartition, int]
) -> dict[TopicPartition, int]:
    """Where to resume each partition: after its stored position, else at its beginning."""
    return {
        tp: max(stored[(tp.topic, tp.partition)] + 1, start)
        if (tp.topic, tp.partition) in stored
        else start
        for tp, start in beginnings.items()
    }


async def align_group_offsets(
    settings: Settings, stored: dict[positions.TopicPartition, int]
) -> dict[TopicPartition, int] | None:
    """Commit the resume offsets for the worker's group; None if the group refused them.

    Kafka accepts a commit from outside the group only while the group has no members, so
    with another replica running this does nothing: that replica's commits already trail
    Postgres (faust acks a batch only after its transaction committed).
    """
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        group_id=settings.faust_app_id,
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        tps = await partitions_of(consumer, event_topic_names(settings))
        consumer.assign(tps)
        offsets = resume_offsets(stored, await consumer.beginning_offsets(tps))
        try:
            await consumer.commit(offsets)
        except KafkaError as exc:
            log.warning("group_offsets_not_aligned", group=settings.faust_app_id, error=repr(exc))
            return None
        log.info(
            "group_offsets_aligned",
            group=settings.faust_app_id,
            offsets={f"{tp.topic}:{tp.partition}": o for tp, o in offsets.items()},
        )
        return offsets
    finally:
        await consumer.stop()

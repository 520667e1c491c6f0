"""Plain aiokafka helpers of the worker and the rebuild: topics, partitions, reading a log."""

from collections.abc import AsyncIterator, Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.structs import ConsumerRecord

from reporting.config import Settings
from returners_platform.contracts.topics import EVENT_TOPICS


def event_topic_names(settings: Settings) -> list[str]:
    """Every event topic reporting projects, with the deployment's prefix."""
    return [t.qualified(settings.kafka_topic_prefix) for t in EVENT_TOPICS]


async def partitions_of(consumer: AIOKafkaConsumer, topics: Sequence[str]) -> list[TopicPartition]:
    """Every partition of the topics (that exist), from fresh cluster metadata.

    ``consumer.partitions_for_topic`` only knows topics the consumer already fetched
    metadata for, and ``consumer.topics()`` does not store what it fetched.
    """
    cluster = await consumer._client.fetch_all_metadata()
    return [
        TopicPartition(topic, p)
        for topic in topics
        for p in sorted(cluster.partitions_for_topic(topic) or ())
    ]


Bounds = list[tuple[str, int, int, int]]  # (topic, partition, start, end) of every partition


class LogSnapshot:
    """Every record of some topics, from their beginning to their end when it was opened
    (or between the ``bounds`` another snapshot gave: the same records again)."""

    def __init__(self, bootstrap: str, topics: Sequence[str], bounds: Bounds | None = None) -> None:
        self._consumer = AIOKafkaConsumer(
            bootstrap_servers=bootstrap,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_partition_fetch_bytes=4 * 1024 * 1024,
        )
        self._topics = topics
        self._bounds = bounds
        self.start: dict[TopicPartition, int] = {}
        self.end: dict[TopicPartition, int] = {}
        # The offset of the last record yielded of each partition (read so far).
        self.reached: dict[TopicPartition, int] = {}

    async def __aenter__(self) -> "LogSnapshot":
        await self._consumer.start()
        try:
            if self._bounds is None:
                tps = await partitions_of(self._consumer, self._topics)
                self._consumer.assign(tps)
                self.start = await self._consumer.beginning_offsets(tps)
                self.end = await self._consumer.end_offsets(tps)
            else:
                tps = [TopicPartition(t, p) for t, p, _, _ in self._bounds]
                self._consumer.assign(tps)
                self.start = {TopicPartition(t, p): s for t, p, s, _ in self._bounds}
                self.end = {TopicPartition(t, p): e for t, p, _, e in self._bounds}
            for tp in tps:
                self._consumer.seek(tp, self.start[tp])
        except BaseException:
            await self._consumer.stop()
            raise
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._consumer.stop()

    @property
    def bounds(self) -> Bounds:
        return [(tp.topic, tp.partition, self.start[tp], self.end[tp]) for tp in self.end]

    @property
    def total(self) -> int:
        return sum(self.end[tp] - self.start[tp] for tp in self.end)

    async def batches(
        self, max_records: int = 5000
    ) -> AsyncIterator[list[ConsumerRecord[bytes, bytes]]]:
        """Batches of records (each partition's in offset order) up to the snapshot's end."""
        remaining = {tp for tp in self.end if self.end[tp] > self.start[tp]}
        while remaining:
            fetched = await self._consumer.getmany(
                *remaining, timeout_ms=1000, max_records=max_records
            )
            batch: list[ConsumerRecord[bytes, bytes]] = []
            for tp, records in fetched.items():
                wanted = [r for r in records if r.offset < self.end[tp]]
                if wanted:
                    batch.extend(wanted)
                    self.reached[tp] = wanted[-1].offset
                if records and records[-1].offset >= self.end[tp] - 1:
                    remaining.discard(tp)
            for tp in list(remaining):
                if await self._consumer.position(tp) >= self.end[tp]:
                    remaining.discard(tp)
            if batch:
                yield batch

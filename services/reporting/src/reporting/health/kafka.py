"""Consumer lag of every service's group, and what the dead-letter topics hold."""

import time
from collections import defaultdict

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

from reporting.domain.views import DeadLetterCount, GroupLag
from reporting.stream.kafka_io import partitions_of
from returners_platform.messaging.dead_letters import H_ORIGINAL_TOPIC

# A refresh reads at most this long; what is left is read by the next refresh.
READ_BUDGET_SECONDS = 10.0


async def consumer_lag(
    admin: AIOKafkaAdminClient, consumer: AIOKafkaConsumer, groups: dict[str, str]
) -> tuple[list[GroupLag], list[str]]:
    """Per service and topic: end offsets minus the group's committed offsets (summed over
    partitions), and the groups that could not be read. Topics a group never committed on
    are not listed."""
    committed: dict[tuple[str, str], dict[TopicPartition, int]] = {}
    errors: list[str] = []
    for service, group in sorted(groups.items()):
        try:
            offsets = await admin.list_consumer_group_offsets(group)
        except KafkaError as exc:  # e.g. no coordinator yet on a new cluster
            errors.append(f"group {group}: {type(exc).__name__}")
            continue
        committed[(service, group)] = {
            tp: meta.offset for tp, meta in offsets.items() if meta.offset >= 0
        }
    partitions = {tp for offsets in committed.values() for tp in offsets}
    ends = await consumer.end_offsets(sorted(partitions)) if partitions else {}
    lags: dict[tuple[str, str, str], int] = defaultdict(int)
    for (service, group), offsets in committed.items():
        for tp, offset in offsets.items():
            lags[(service, group, tp.topic)] += max(ends.get(tp, offset) - offset, 0)
    rows = [
        GroupLag(service=s, group=g, topic=t, lag=lag) for (s, g, t), lag in sorted(lags.items())
    ]
    return rows, errors


class DeadLetterTally:
    """Records held per dead-letter topic (from offsets) and per original topic (headers,
    read incrementally: each refresh reads only the records added since the last one)."""

    def __init__(self, consumer: AIOKafkaConsumer, topics: list[str]) -> None:
        self._consumer = consumer
        self._topics = topics
        self._next: dict[TopicPartition, int] = {}
        self._by_origin: dict[str, dict[str, int]] = {t: defaultdict(int) for t in topics}

    async def refresh(self) -> list[DeadLetterCount]:
        tps = await partitions_of(self._consumer, self._topics)
        if not tps:
            return [DeadLetterCount(topic=t, records=0, by_original_topic={}) for t in self._topics]
        starts = await self._consumer.beginning_offsets(tps)
        ends = await self._consumer.end_offsets(tps)
        await self._read_new(tps, starts, ends)
        records: dict[str, int] = defaultdict(int)
        for tp in tps:
            records[tp.topic] += ends[tp] - starts[tp]
        return [
            DeadLetterCount(
                topic=t,
                records=records[t],
                by_original_topic=dict(sorted(self._by_origin[t].items())),
            )
            for t in self._topics
        ]

    async def _read_new(
        self,
        tps: list[TopicPartition],
        starts: dict[TopicPartition, int],
        ends: dict[TopicPartition, int],
    ) -> None:
        pending = {tp for tp in tps if ends[tp] > max(self._next.get(tp, 0), starts[tp])}
        if not pending:
            return
        self._consumer.assign(sorted(pending))
        for tp in pending:
            self._consumer.seek(tp, max(self._next.get(tp, 0), starts[tp]))
        deadline = time.monotonic() + READ_BUDGET_SECONDS
        while pending and time.monotonic() < deadline:
            fetched = await self._consumer.getmany(*pending, timeout_ms=1000, max_records=1000)
            for tp, records in fetched.items():
                for record in records:
                    if record.offset >= ends[tp]:
                        break
                    headers = dict(record.headers or ())
                    origin = headers.get(H_ORIGINAL_TOPIC, b"unknown").decode(errors="replace")
                    self._by_origin[tp.topic][origin] += 1
                    self._next[tp] = record.offset + 1
            for tp in list(pending):
                if await self._consumer.position(tp) >= ends[tp]:
                    self._next[tp] = max(self._next.get(tp, 0), ends[tp])
                    pending.discard(tp)

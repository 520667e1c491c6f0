"""Observe the real broker in tests: read what a topic holds, decoded."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaProducer

from returners_cli.kafka_ops import read_records
from returners_cli.testing.polling import eventually
from returners_platform.contracts.catalogue import CATALOGUE, spec_for
from returners_platform.contracts.envelope import CloudEvent, EventData, new_event
from returners_platform.messaging.codec import encode_value, record_headers


@dataclass(frozen=True)
class Record:
    topic: str
    partition: int
    offset: int
    key: str | None
    value: bytes | None
    headers: dict[str, str]

    def json(self) -> Any:
        assert self.value is not None
        return json.loads(self.value)


async def read_topic(bootstrap: str, topic: str) -> list[Record]:
    """Every record currently in ``topic`` (all partitions, from offset zero)."""
    return [_record(r) for r in await read_records(bootstrap, topic)]


def _record(r: Any) -> Record:
    return Record(
        topic=r.topic,
        partition=r.partition,
        offset=r.offset,
        key=r.key.decode() if r.key is not None else None,
        value=r.value,
        headers={k: v.decode(errors="replace") for k, v in (r.headers or ())},
    )


async def wait_for_records(
    bootstrap: str,
    topic: str,
    match: Callable[[Record], bool],
    *,
    count: int = 1,
    timeout: float = 30.0,
) -> list[Record]:
    """Poll the topic until at least ``count`` records match; return the matching ones."""
    return await eventually(
        lambda: _matching(bootstrap, topic, match),
        until=lambda found: len(found) >= count,
        timeout=timeout,
        interval=0.3,
        what=f"{count} matching record(s) on {topic}",
    )


async def _matching(bootstrap: str, topic: str, match: Callable[[Record], bool]) -> list[Record]:
    return [r for r in await read_topic(bootstrap, topic) if match(r)]


async def produce_raw(
    bootstrap: str,
    topic: str,
    value: bytes,
    key: bytes | None = None,
    headers: list[tuple[str, bytes]] | None = None,
) -> None:
    """Put arbitrary bytes on a topic (for malformed-event tests)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(topic, value=value, key=key, headers=headers or [])
    finally:
        await producer.stop()


async def publish_event(
    bootstrap: str, prefix: str, data: EventData, *, source: str
) -> CloudEvent[Any]:
    """Publish an event as its owning service would (the envelope, key and headers its relay
    sends), onto the real topic under ``prefix``."""
    event = new_event(data, source=source)
    await produce_raw(
        bootstrap,
        spec_for(type(data)).topic.qualified(prefix),
        encode_value(event),
        event.subject.encode(),
        record_headers(event.type, event.id),
    )
    return event


async def wait_for_events(
    bootstrap: str,
    prefix: str,
    event_type: str,
    match: Callable[[dict[str, Any]], bool] = bool,
    *,
    count: int = 1,
    timeout: float = 60.0,
) -> list[dict[str, Any]]:
    """Wait until ``count`` events of the type (its short name, e.g. ``placement.offered``)
    whose data matches are on their topic, in any of its versions; every such event's data."""
    models = [s.model for s in CATALOGUE if s.short_name == event_type]
    types = {m.event_type for m in models}
    records = await wait_for_records(
        bootstrap,
        spec_for(models[0]).topic.qualified(prefix),
        lambda r: r.headers.get("ce_type") in types and match(r.json()["data"]),
        count=count,
        timeout=timeout,
    )
    return [r.json()["data"] for r in records]

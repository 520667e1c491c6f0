"""Apply a batch of Kafka records to the read models inside the caller's transaction.

Both the live faust worker and the rebuild command go through ``project``: records at
or below their partition's stored position are skipped (already applied), the rest are
decoded, applied to the facts they are about, and the new positions are written in the
same transaction as the read-model change.
"""

from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from reporting.projection.working_set import WorkingSet
from reporting.store import Connection, positions, read_models
from returners_platform.contracts.envelope import CloudEvent, EventData
from returners_platform.messaging.codec import UndecodableEvent, decode


class Record(Protocol):
    """What the projector reads of a Kafka record (aiokafka's ``ConsumerRecord`` fits)."""

    @property
    def topic(self) -> str: ...
    @property
    def partition(self) -> int: ...
    @property
    def offset(self) -> int: ...
    @property
    def key(self) -> bytes | None: ...
    @property
    def value(self) -> bytes | None: ...
    @property
    def headers(self) -> Sequence[tuple[str, bytes]]: ...


OnUndecodable = Callable[[Record, UndecodableEvent], Awaitable[None]]


@dataclass
class BatchResult:
    applied: Counter[str] = field(default_factory=Counter)  # event type -> events applied
    ignored: Counter[str] = field(default_factory=Counter)  # types reporting does not project
    skipped: int = 0  # records at or below their stored position: applied before
    undecodable: int = 0

    @property
    def records(self) -> int:
        return (
            sum(self.applied.values())
            + sum(self.ignored.values())
            + self.skipped
            + self.undecodable
        )


async def project(
    conn: Connection, records: Sequence[Record], on_undecodable: OnUndecodable
) -> BatchResult:
    """Apply ``records`` (each partition's in offset order) within the open transaction."""
    result = BatchResult()
    await read_models.lock_for_projecting(conn)
    stored = await positions.lock(conn, {(r.topic, r.partition) for r in records})
    fresh = [r for r in records if r.offset > stored.get((r.topic, r.partition), -1)]
    result.skipped = len(records) - len(fresh)
    events: list[CloudEvent[EventData]] = []
    for record in fresh:
        try:
            events.append(decode(record.value))
        except UndecodableEvent as exc:
            result.undecodable += 1
            await on_undecodable(record, exc)
    working = WorkingSet()
    await working.load(conn, events)
    for event in events:
        (result.applied if working.apply(event) else result.ignored)[event.type] += 1
    await working.save(conn)
    reached: dict[positions.TopicPartition, int] = {}
    for record in fresh:
        key = (record.topic, record.partition)
        reached[key] = max(reached.get(key, -1), record.offset)
    await positions.advance(conn, reached)
    return result

"""Apply a batch of Kafka records to the read models inside the caller's transaction.

Both the live faust worker and the rebuild command go through ``decode_records`` then
``project``. Decoding needs no database, so each caller decodes the next batch while the
last one's transaction is in flight. ``project`` skips records at or below their
partition's stored position (already applied), applies the rest to the facts they are
about, and writes the new positions in the same transaction as the read-model change.
"""

from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from reporting.projection.working_set import WorkingSet
from reporting.store import Connection, positions, read_models
from returners_platform.contracts.envelope import CloudEvent, EventData
from returners_platform.messaging.codec import UndecodableEvent, decode, event_type_header


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


class Decoded(NamedTuple):
    """A record and what it holds: its event, or why it cannot be decoded (a tuple: one is
    made for every record, and a frozen dataclass's ``__init__`` costs several times more)."""

    record: Record
    event: CloudEvent[EventData] | UndecodableEvent


def decode_records(records: Iterable[Record]) -> list[Decoded]:
    """Each record's event, parsed once into the type its ``ce_type`` header names."""
    decoded = []
    for record in records:
        try:
            event: CloudEvent[EventData] | UndecodableEvent = decode(
                record.value, event_type_header(record.headers)
            )
        except UndecodableEvent as exc:
            event = exc
        decoded.append(Decoded(record, event))
    return decoded


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
    conn: Connection,
    batch: Sequence[Decoded],
    on_undecodable: OnUndecodable,
    working: WorkingSet | None = None,
) -> BatchResult:
    """Apply ``batch`` (each partition's records in offset order) within the open transaction.

    ``working`` is the facts already loaded by earlier batches of the same transaction;
    without it the facts are loaded afresh, as another writer may have changed them since.
    """
    await read_models.lock_for_projecting(conn)
    stored = await positions.lock(conn, {(d.record.topic, d.record.partition) for d in batch})
    working = working if working is not None else WorkingSet()
    result, reached = await apply(conn, batch, stored, on_undecodable, working)
    await working.save(conn)
    await positions.advance(conn, reached)
    return result


async def apply(
    conn: Connection,
    batch: Sequence[Decoded],
    stored: Mapping[positions.TopicPartition, int],
    on_undecodable: OnUndecodable,
    working: WorkingSet,
) -> tuple[BatchResult, dict[positions.TopicPartition, int]]:
    """The records of ``batch`` after their partition's ``stored`` position, applied to
    ``working`` (their facts loaded first) and not yet saved: what they came to, and the
    last offset of each partition they reached."""
    result = BatchResult()
    fresh = [
        d for d in batch if d.record.offset > stored.get((d.record.topic, d.record.partition), -1)
    ]
    result.skipped = len(batch) - len(fresh)
    events: list[CloudEvent[EventData]] = []
    for decoded in fresh:
        if isinstance(decoded.event, UndecodableEvent):
            result.undecodable += 1
            await on_undecodable(decoded.record, decoded.event)
        else:
            events.append(decoded.event)
    await working.load(conn, events)
    for event in events:
        (result.applied if working.apply(event) else result.ignored)[event.type] += 1
    reached: dict[positions.TopicPartition, int] = {}
    for decoded in fresh:
        key = (decoded.record.topic, decoded.record.partition)
        reached[key] = max(reached.get(key, -1), decoded.record.offset)
    return result, reached

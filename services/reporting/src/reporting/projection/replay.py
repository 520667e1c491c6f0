"""One worker's share of a rebuild: the partitions of a log snapshot that fall to it, their
records applied to facts it holds, handed back as rows.

A rebuild on several cores splits the log between workers by partition number (modulo the
number of workers), the same numbers of every topic to one worker. Every event about one
fact carries the same key (the partition key is the id of what the event is about: an
application's, a council's for its vacancies, a recipient's for their deliveries), and a
key goes to the same partition number of every topic when the topics have as many
partitions each (the producers' partitioner hashes the key, ``messaging.partitioner``): so
one worker makes each fact from all of its events, and no two workers' rows share a key.
Were two events about one fact ever on partitions of different workers, both would make a
row of that key, and the rebuild's ``COPY`` of the second would fail on it: the rebuild
fails and writes nothing. A worker reads (and parses) only its own partitions.

``python -m reporting.projection.replay`` is a worker process: it reads its job (JSON) on
stdin and writes what it made (a pickle, after its length) on stdout; a stdin closed
without a job means it is not needed.
"""

import copyreg
import gc
import io
import json
import os
import pickle
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import BinaryIO
from uuid import UUID

import uvloop

from reporting.projection.batch import BatchResult, decode_records
from reporting.projection.working_set import WorkingSet
from reporting.store.positions import TopicPartition
from reporting.store.rows import Row
from reporting.stream.kafka_io import Bounds, LogSnapshot
from returners_platform.messaging.codec import UndecodableEvent


@dataclass(frozen=True)
class Share:
    """Worker ``index`` of ``workers``: the partitions whose number falls to it."""

    index: int
    workers: int

    def of(self, bounds: Bounds) -> Bounds:
        """The bounds of the partitions that fall to this worker."""
        return [b for b in bounds if b[1] % self.workers == self.index]


def split_alike(bounds: Bounds) -> bool:
    """Whether a split by partition number keeps each key's records together: every topic
    has as many partitions (a key's partition is its hash modulo the topic's count)."""
    return len(set(Counter(topic for topic, *_ in bounds).values())) <= 1


@dataclass
class Replayed:
    """What a worker made of its share: each table's rows (by table name; made as they are
    read, until a helper lists them to hand them back), what its records came to, and the
    last offset it read of each partition."""

    rows: dict[str, Iterable[Row]] = field(default_factory=dict)
    result: BatchResult = field(default_factory=BatchResult)
    reached: dict[TopicPartition, int] = field(default_factory=dict)


async def replay_share(
    log: LogSnapshot, batch_size: int, on_batch: Callable[[int], None]
) -> Replayed:
    """Apply the records of the share's snapshot (``log``) to facts of its own (the tables
    are empty: nothing to load; the caller holds at most ``HELD_FACTS_LIMIT`` facts a worker)
    and make their rows."""
    working = WorkingSet(tables_empty=True)
    replayed = Replayed()
    result = replayed.result
    async for records in log.batches(batch_size):
        for decoded in decode_records(records):
            event = decoded.event
            if isinstance(event, UndecodableEvent):
                result.undecodable += 1
            else:
                (result.applied if working.apply(event) else result.ignored)[event.type] += 1
        on_batch(len(records))
    replayed.reached = {(tp.topic, tp.partition): offset for tp, offset in log.reached.items()}
    replayed.rows = {table.name: rows for table, rows in working.row_streams(by_key=False).items()}
    return replayed


@dataclass(frozen=True)
class Job:
    """A worker's share: the bounds of its partitions."""

    bootstrap: str
    bounds: Bounds
    batch_size: int


async def _work(job: Job, out: BinaryIO) -> None:
    """Replay the share and write what it made as soon as it is made (returned, it would
    be formatted into the repr of the finished task when the event loop closes: seconds
    for a big share)."""
    async with LogSnapshot(job.bootstrap, [], job.bounds) as log:
        replayed = await replay_share(log, job.batch_size, lambda _: None)
        replayed.rows = {name: list(rows) for name, rows in replayed.rows.items()}
        made = io.BytesIO()
        _RowPickler(made, protocol=pickle.HIGHEST_PROTOCOL).dump(replayed)
        out.write(len(made.getbuffer()).to_bytes(8, "big"))
        out.write(made.getbuffer())
        out.flush()


class _RowPickler(pickle.Pickler):
    """UUIDs as text (``COPY`` takes a uuid column's value either way): a pickled UUID is
    rebuilt through ``__setstate__``, which took the rebuild 1.8 s for 28,000 applications'
    rows, against 0.24 s for them all with their UUIDs as text."""

    dispatch_table = copyreg.dispatch_table | {UUID: lambda u: (str, (str(u),))}


def main() -> None:
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # stdout carries the pickle alone
    text = sys.stdin.read()
    if not text:
        return  # not needed: the rebuild replays alone
    doc = json.loads(text)
    doc["bounds"] = [(t, p, start, end) for t, p, start, end in doc["bounds"]]
    job = Job(**doc)
    # A process that lives for one share: no collection while it holds its facts, and its
    # exit frees them at once rather than one by one.
    gc.freeze()
    gc.disable()
    uvloop.run(_work(job, out))
    os._exit(0)


if __name__ == "__main__":
    # Through the module's own name, so that what it pickles names reporting.projection.replay
    # (the module the rebuild unpickles with) rather than __main__.
    from reporting.projection import replay

    replay.main()

"""``python -m reporting.rebuild``: empty the read models and replay every topic from zero.

One Postgres transaction: it takes the projection lock exclusively (the live worker
waits, the API keeps serving the old figures), deletes every read model and position,
replays each event topic from its first record to its end as of the start, through the
same ``decode_records`` and ``project`` as the live worker, and commits. The live worker
then resumes after the positions the rebuild wrote. Undecodable records are counted, not
dead-lettered again.

Being the only writer for its whole transaction, it keeps the facts it loaded or wrote
between batches (up to ``HELD_FACTS_LIMIT`` records of them) instead of reading them back,
reads none while the tables hold only what it wrote, and writes a fact once however many
batches change it: the changed facts and the positions reached are saved when the held
facts reach the limit (then forgotten) and at the end of the log, not after every batch.
"""

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import asyncpg
import uvloop
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from reporting.bootstrap import MIGRATIONS
from reporting.config import Settings
from reporting.projection.batch import (
    BatchResult,
    OnUndecodable,
    Record,
    apply,
    decode_records,
)
from reporting.projection.gc_pauses import collected_when_let_go
from reporting.projection.working_set import WorkingSet
from reporting.store import positions, read_models
from reporting.stream.kafka_io import LogSnapshot, event_topic_names
from returners_platform.messaging.codec import UndecodableEvent
from returners_platform.service.runtime import prepare

HELD_FACTS_LIMIT = 200_000


@dataclass(frozen=True)
class RebuildReport:
    records: int
    applied: int
    ignored: int
    undecodable: int
    seconds: float


async def rebuild(
    settings: Settings, *, console: Console | None = None, batch_size: int = 5000
) -> RebuildReport:
    console = console or Console(stderr=True)
    await prepare(settings, MIGRATIONS)
    started = time.monotonic()
    total = BatchResult()

    async def count_undecodable(_: Record, __: UndecodableEvent) -> None:
        total.undecodable += 1

    conn = await asyncpg.connect(settings.database_url)
    try:
        async with conn.transaction():
            await read_models.lock_for_projecting(conn)
            await read_models.empty(conn)
            async with LogSnapshot(
                settings.kafka_bootstrap_servers, event_topic_names(settings)
            ) as log:
                with _progress(console) as progress, collected_when_let_go() as collect:
                    task = progress.add_task("replaying", total=log.total)
                    await _replay(
                        conn, log, batch_size, count_undecodable, total, progress, task, collect
                    )
    finally:
        await conn.close()
    return RebuildReport(
        total.records,
        sum(total.applied.values()),
        sum(total.ignored.values()),
        total.undecodable,
        time.monotonic() - started,
    )


async def _replay(
    conn: asyncpg.Connection,
    log: LogSnapshot,
    batch_size: int,
    on_undecodable: OnUndecodable,
    total: BatchResult,
    progress: Progress,
    task: TaskID,
    collect: Callable[[], None],
) -> None:
    """Every batch applied to one working set, saved when it is full and at the end."""
    working = WorkingSet(tables_empty=True)  # read_models.empty ran in this transaction
    reached: dict[positions.TopicPartition, int] = {}

    async def save() -> None:
        await working.save(conn)
        await positions.advance(conn, reached)
        reached.clear()

    async def apply_batch(records: Sequence[Record]) -> None:
        batch = decode_records(records)
        result, batch_reached = await apply(conn, batch, {}, on_undecodable, working)
        for key, offset in batch_reached.items():
            reached[key] = max(reached.get(key, -1), offset)
        total.applied.update(result.applied)
        total.ignored.update(result.ignored)
        progress.advance(task, len(batch))

    async for records in log.batches(batch_size):
        await apply_batch(records)
        if len(working) > HELD_FACTS_LIMIT:
            await save()
            working.forget()
            collect()
    await save()


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("events"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    )


def main() -> None:
    settings = Settings()
    console = Console(stderr=True)
    report = uvloop.run(rebuild(settings, console=console))
    rate = report.records / report.seconds if report.seconds else 0.0
    console.print(
        f"rebuilt from {report.records} records in {report.seconds:.1f}s ({rate:,.0f}/s): "
        f"{report.applied} applied, {report.ignored} ignored, {report.undecodable} undecodable"
    )


if __name__ == "__main__":
    main()

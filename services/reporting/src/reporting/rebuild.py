"""``python -m reporting.rebuild``: empty the read models and replay every topic from zero.

One Postgres transaction: it takes the projection lock exclusively (the live worker
waits, the API keeps serving the old figures), deletes every read model and position,
replays each event topic from its first record to its end as of the start, through the
same ``project`` as the live worker, and commits. The live worker then resumes after the
positions the rebuild wrote. Undecodable records are counted, not dead-lettered again.
"""

import asyncio
import time
from dataclasses import dataclass

import asyncpg
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from reporting.bootstrap import MIGRATIONS
from reporting.config import Settings
from reporting.projection.batch import Record, project
from reporting.store import read_models
from reporting.stream.kafka_io import LogSnapshot, event_topic_names
from returners_platform.messaging.codec import UndecodableEvent
from returners_platform.service.runtime import prepare


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
    applied = ignored = undecodable = records = 0

    async def count_undecodable(_: Record, __: UndecodableEvent) -> None:
        nonlocal undecodable
        undecodable += 1

    conn = await asyncpg.connect(settings.database_url)
    try:
        async with conn.transaction():
            await read_models.lock_for_projecting(conn)
            await read_models.empty(conn)
            async with LogSnapshot(
                settings.kafka_bootstrap_servers, event_topic_names(settings)
            ) as log:
                with _progress(console) as progress:
                    task = progress.add_task("replaying", total=log.total)
                    async for batch in log.batches(batch_size):
                        result = await project(conn, batch, count_undecodable)
                        records += len(batch)
                        applied += sum(result.applied.values())
                        ignored += sum(result.ignored.values())
                        progress.advance(task, len(batch))
    finally:
        await conn.close()
    return RebuildReport(records, applied, ignored, undecodable, time.monotonic() - started)


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
    report = asyncio.run(rebuild(settings, console=console))
    rate = report.records / report.seconds if report.seconds else 0.0
    console.print(
        f"rebuilt from {report.records} records in {report.seconds:.1f}s ({rate:,.0f}/s): "
        f"{report.applied} applied, {report.ignored} ignored, {report.undecodable} undecodable"
    )


if __name__ == "__main__":
    main()

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

On several cores (``rebuild_workers``, default 3: one a partition of the topics) the
projection's CPU is split by partition number (``projection.replay``): worker processes
each read and apply their partitions' records while this process does its own share, and
this process then copies every worker's rows in its one transaction, into index-less twins
of the tables that replace them at the end (``store.twins``: the old figures are served
until then, and the rows go in at half the server's cost). That holds every fact until the
end, so it is done when the log has at most
``HELD_FACTS_LIMIT`` records a worker (facts are fewer than records) and every topic has as
many partitions (else a key's records are not on one partition number), else the rebuild
replays alone as above. A worker that fails fails the rebuild: its transaction rolls back
and the read models stay as they were. Two workers that made the same fact (events about it
on partitions of different workers) roll it back too (a twin's unique index cannot be
built), and the rebuild replays again on one core.
"""

import asyncio
import json
import pickle
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

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
from reporting.projection.replay import Job, Replayed, Share, replay_share, split_alike
from reporting.projection.working_set import ROW_TABLES, WorkingSet
from reporting.store import READ_MODEL_TABLES, positions, read_models, rows, twins
from reporting.stream.kafka_io import LogSnapshot, event_topic_names
from returners_platform.messaging.codec import UndecodableEvent
from returners_platform.service.runtime import prepare

HELD_FACTS_LIMIT = 200_000


class RebuildFailed(Exception):
    """The rebuild could not finish; it wrote nothing."""


class SharesClashed(RebuildFailed):
    """Two workers made the same fact (events about it carry different Kafka keys)."""


@dataclass(frozen=True)
class RebuildReport:
    records: int
    applied: int
    ignored: int
    undecodable: int
    seconds: float


async def rebuild(
    settings: Settings,
    *,
    console: Console | None = None,
    batch_size: int = 5000,
    workers: int | None = None,
) -> RebuildReport:
    """Rebuild on ``workers`` cores (``rebuild_workers`` by default); should the shares clash
    (events about one fact under different keys), again on one, which needs no split."""
    console = console or Console(stderr=True)
    workers = workers or settings.rebuild_workers
    try:
        return await _rebuild(settings, console, batch_size, workers)
    except SharesClashed as exc:
        console.print(f"[yellow]{exc}[/]: replaying again on one core")
        return await _rebuild(settings, console, batch_size, 1)


async def _rebuild(
    settings: Settings, console: Console, batch_size: int, workers: int
) -> RebuildReport:
    # Started first: they import while this process prepares the database.
    helpers = [await _start_worker() for _ in range(workers - 1)]
    try:
        await prepare(settings, MIGRATIONS)
        started = time.monotonic()
        total = BatchResult()

        async def count_undecodable(_: Record, __: UndecodableEvent) -> None:
            total.undecodable += 1

        conn = await asyncpg.connect(settings.database_url)
        try:
            async with conn.transaction():
                await read_models.lock_for_projecting(conn)
                made: Made | None = None
                async with LogSnapshot(
                    settings.kafka_bootstrap_servers, event_topic_names(settings)
                ) as log:
                    with _progress(console) as progress, collected_when_let_go() as collect:
                        jobs = _shares(settings, log, workers, batch_size, console)
                        if jobs:
                            own = sum(end - start for *_, start, end in jobs[0].bounds)
                            task = progress.add_task(f"replaying (1 of {workers})", total=own)
                            made = await _replay_on_all_cores(
                                conn,
                                jobs,
                                helpers,
                                total,
                                lambda n: progress.advance(task, n),
                                console,
                            )
                        else:
                            task = progress.add_task("replaying", total=log.total)
                            await _release(helpers)
                            await read_models.empty(conn)
                            await _replay(
                                conn,
                                log,
                                batch_size,
                                count_undecodable,
                                total,
                                progress,
                                task,
                                collect,
                            )
                if made is not None:  # last: the tables stay locked from the swap to the commit
                    await _swap_in(conn, made, console)
        finally:
            await conn.close()
    finally:
        await _release(helpers)
    return RebuildReport(
        total.records,
        sum(total.applied.values()),
        sum(total.ignored.values()),
        total.undecodable,
        time.monotonic() - started,
    )


def _shares(
    settings: Settings, log: LogSnapshot, workers: int, batch_size: int, console: Console
) -> list[Job]:
    """Each process's share of the log (this one's first), or none: the rebuild replays
    alone."""
    if workers < 2:
        return []
    if log.total > workers * HELD_FACTS_LIMIT:
        console.print(f"[yellow]over {HELD_FACTS_LIMIT:,} records a process[/]: one core")
        return []
    if not split_alike(log.bounds):
        console.print("[yellow]the topics' partition counts differ[/]: one core")
        return []
    return [
        Job(settings.kafka_bootstrap_servers, Share(index, workers).of(log.bounds), batch_size)
        for index in range(workers)
    ]


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


async def _start_worker() -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "reporting.projection.replay",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )


async def _release(workers: list[asyncio.subprocess.Process]) -> None:
    """Workers not (or no longer) needed: a closed stdin ends one waiting for its job; one
    still working is killed (the rebuild failed)."""
    for worker in workers:
        if worker.returncode is None and worker.stdin is not None and not worker.stdin.is_closing():
            worker.stdin.close()
    for worker in workers:
        try:
            await asyncio.wait_for(worker.wait(), 5)
        except TimeoutError:
            worker.kill()
            await worker.wait()


@dataclass(frozen=True)
class Made:
    """What a rebuild on several cores made: its rows, in twins of the tables they are to
    replace, indexed (and in place in the others), and the last offset each partition was
    read to."""

    indexed: twins.Indexed
    reached: dict[positions.TopicPartition, int]


async def _replay_on_all_cores(
    conn: asyncpg.Connection,
    jobs: list[Job],
    helpers: list[asyncio.subprocess.Process],
    total: BatchResult,
    on_batch: Callable[[int], None],
    console: Console,
) -> Made:
    """Each share replayed at once (this process's, ``jobs[0]``, and each helper's) while the
    server makes the tables' twins; then each share's rows copied into the twins as soon as
    it is made (one share's ``COPY`` under way while others are still replaying), and the
    twins indexed; ``_swap_in`` puts them in the tables' place."""
    for job, helper in zip(jobs[1:], helpers, strict=True):
        assert helper.stdin is not None
        helper.stdin.write(json.dumps(asdict(job)).encode())
        await helper.stdin.drain()
        helper.stdin.close()
    prepared = asyncio.ensure_future(_prepare_twins(conn, console))
    making = [asyncio.ensure_future(_replay_own(jobs[0], on_batch))] + [
        asyncio.ensure_future(_made_by(index, helper))
        for index, helper in enumerate(helpers, start=1)
    ]
    reached: dict[positions.TopicPartition, int] = {}
    try:
        for making_share in asyncio.as_completed(making):
            share = await making_share
            await _copy(conn, share, await prepared)
            total.applied.update(share.result.applied)
            total.ignored.update(share.result.ignored)
            total.undecodable += share.result.undecodable
            for key, offset in share.reached.items():
                reached[key] = max(reached.get(key, -1), offset)
            share.rows.clear()  # in the server now: let them go
    finally:
        for task in (prepared, *making):
            task.cancel()
        await asyncio.gather(prepared, *making, return_exceptions=True)
    try:
        indexed = await twins.index(conn, prepared.result())
    except asyncpg.UniqueViolationError as exc:
        raise _clash(exc) from exc
    return Made(indexed, reached)


async def _swap_in(conn: asyncpg.Connection, made: Made, console: Console) -> None:
    """The twins in the tables' place, or (should readers keep the tables busy) their rows;
    and the positions reached."""
    refilled = await twins.swap(conn, made.indexed)
    if refilled:
        console.print(f"[yellow]{refilled}[/]: the read models were refilled in place")
    await positions.advance(conn, made.reached)


async def _prepare_twins(conn: asyncpg.Connection, console: Console) -> list[str]:
    """Twins made of the tables they can replace (returned); the rest of the read models
    (the positions, any table a twin cannot replace) emptied, to be filled in place."""
    replaced = []
    for table, reason in (await twins.replaceable(conn, list(ROW_TABLES))).items():
        if reason is None:
            replaced.append(table)
        else:
            console.print(f"[yellow]{table} has {reason}[/]: emptied and filled in place")
    await twins.create(conn, replaced)
    await read_models.empty(conn, [t for t in READ_MODEL_TABLES if t not in replaced])
    return replaced


async def _replay_own(job: Job, on_batch: Callable[[int], None]) -> Replayed:
    async with LogSnapshot(job.bootstrap, [], job.bounds) as own:
        return await replay_share(own, job.batch_size, on_batch)


async def _copy(conn: asyncpg.Connection, share: Replayed, replaced: list[str]) -> None:
    for name, made in share.rows.items():
        try:
            await rows.copy(
                conn, ROW_TABLES[name], made, into=twins.twin(name) if name in replaced else None
            )
        except asyncpg.UniqueViolationError as exc:
            raise _clash(exc) from exc


def _clash(exc: asyncpg.UniqueViolationError) -> SharesClashed:
    """Two workers made a row of one key (copying it, or indexing a twin that holds it)."""
    return SharesClashed(
        f"two workers made the same row: events about one fact carry different Kafka keys ({exc})"
    )


async def _made_by(index: int, helper: asyncio.subprocess.Process) -> Replayed:
    """What a helper made: read as soon as it is written (its length first), not when the
    helper has exited."""
    assert helper.stdout is not None
    try:
        length = int.from_bytes(await helper.stdout.readexactly(8), "big")
        output = await helper.stdout.readexactly(length)
    except asyncio.IncompleteReadError as exc:
        code = await helper.wait()
        raise RebuildFailed(f"rebuild worker {index} failed (exit code {code})") from exc
    made: Replayed = pickle.loads(output)  # noqa: S301 (our own child wrote it)
    return made


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

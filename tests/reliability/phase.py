"""One fault from start to verdict: inject it, time the recovery, check convergence, record
the row, then assert (nothing lost, nothing doubled, no crash loops, every service ready)."""

import time
from collections.abc import Awaitable, Callable

from returners_cli.testing.polling import eventually
from returners_platform.contracts.topics import EVENT_TOPICS

from .conftest import Platform
from .convergence import converge, recovery_seconds
from .faults import Window, consumer_groups
from .liveness import liveness, not_ready
from .observe import groups_behind, log_ends
from .report import FaultRow, record, table

RECOVERY_TIMEOUT = 120.0
CONVERGENCE_TIMEOUT = 90.0


async def run_fault(
    platform: Platform,
    fault: str,
    inject: Callable[[], Awaitable[Window]],
    verify: Callable[[], Awaitable[list[str]]] | None = None,
) -> FaultRow:
    stream, view, cluster = platform.stream, platform.view, platform.cluster
    before = liveness(cluster)
    gave_up_before = len(stream.gave_up())
    shed_before = stream.shed_count()
    problems: list[str] = []
    window = await inject()
    recovery: float | None = None
    try:
        recovery = await recovery_seconds(
            stream, view, cluster, platform.programme, window.ended, timeout=RECOVERY_TIMEOUT
        )
    except AssertionError as exc:  # go on: what converges, and what was lost, still counts
        problems.append(f"no recovery: {exc}")
    steady = liveness(cluster)  # from here on, nothing may die or restart by itself

    closing = platform.close_phase()
    await eventually(
        lambda: stream.in_flight(closing),
        until=lambda n: n == 0,
        timeout=stream.give_up_after,
        what=f"submissions to {closing} answered",
    )
    accepted = stream.accepted_for(set(platform.closed))
    result = await converge(
        view,
        platform.bootstrap,
        platform.prefix,
        accepted,
        platform.closed,
        cluster.maildir,
        timeout=CONVERGENCE_TIMEOUT,
    )
    problems += await _consumers_caught_up(platform)
    converged = time.monotonic() - window.ended
    after = liveness(cluster)
    notes = list(result.problems)
    if shed := stream.shed_count() - shed_before:
        notes.append(f"{shed} submissions not sent: too many under way")
    problems += after.changes_since(steady) + [
        f"{name} not ready" for name in await not_ready(cluster)
    ]
    problems += [f"client gave up: {failure}" for failure in stream.gave_up()[gave_up_before:]]
    if verify is not None:
        try:
            notes += await verify()
        except AssertionError as exc:
            problems.append(str(exc))
    row = FaultRow(
        fault=fault,
        events_checked=result.checked,
        lost=result.lost,
        duplicated=result.duplicated,
        redelivered=result.redelivered,
        recovery_s=round(recovery, 2) if recovery is not None else None,
        converged_s=round(converged, 2),
        outage_s=round(window.seconds, 2),
        restarts=after.restarts_since(before),
        notes=notes + problems,
    )
    record(row)
    print("\n" + "\n".join(table([row])))
    assert result.lost == 0, f"{fault}: {result.lost} lost: {result.problems}"
    assert result.duplicated == 0, f"{fault}: {result.duplicated} doubled: {result.problems}"
    assert not problems, f"{fault}: {problems}"
    return row


async def _consumers_caught_up(platform: Platform) -> list[str]:
    """Every consumer group commits up to where the event topics ended when this began."""
    ends = await log_ends(platform.bootstrap, [t.qualified(platform.prefix) for t in EVENT_TOPICS])
    try:
        await eventually(
            lambda: groups_behind(platform.bootstrap, ends, consumer_groups(platform.prefix)),
            until=lambda behind: not behind,
            timeout=60,
            what="every consumer group caught up",
        )
    except AssertionError as exc:
        return [str(exc)]
    return []

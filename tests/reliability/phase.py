"""One fault from start to verdict: inject it, time the recovery, check convergence, record
the row, then assert (nothing lost, nothing doubled, no crash loops, every service ready)."""

import time
from collections.abc import Awaitable, Callable

from returners_cli.testing.polling import eventually
from returners_platform.contracts.topics import APPLICATIONS, EVENT_TOPICS

from .convergence import converge, recovery_seconds
from .faults import Window, consumer_groups
from .liveness import liveness, not_ready
from .observe import append_times, groups_behind, log_ends, longest_gap
from .platform import Platform
from .report import FaultRow, record, table

RECOVERY_TIMEOUT = 120.0
CONVERGENCE_TIMEOUT = 90.0


async def run_fault(
    platform: Platform,
    fault: str,
    inject: Callable[[], Awaitable[Window]],
    verify: Callable[[], Awaitable[list[str]]] | None = None,
    *,
    convergence_timeout: float = CONVERGENCE_TIMEOUT,
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
    api_stall, log_stall = await _stalls(platform, window, time.monotonic())

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
        timeout=convergence_timeout,
    )
    if result.lost:  # where things stood when the deadline passed, for the post-mortem
        ends = await log_ends(
            platform.bootstrap, [t.qualified(platform.prefix) for t in EVENT_TOPICS]
        )
        behind = await groups_behind(platform.bootstrap, ends, consumer_groups(platform.prefix))
        problems.append(f"at the deadline, consumers behind: {behind or 'none'}")
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
        api_stall_s=round(api_stall, 2),
        log_stall_s=round(log_stall, 2),
    )
    record(row)
    print("\n" + "\n".join(table([row])))
    assert result.lost == 0, f"{fault}: {result.lost} lost: {result.problems}"
    assert result.duplicated == 0, f"{fault}: {result.duplicated} doubled: {result.problems}"
    assert not problems, f"{fault}: {problems}"
    return row


async def _stalls(platform: Platform, window: Window, until: float) -> tuple[float, float]:
    """The longest time without a 201 to the stream, and without a record appended to the
    applications topic, from the fault's start to ``until`` (both time.monotonic())."""
    accepted = [a.accepted_at for a in platform.stream.accepted_for()]
    api = longest_gap(accepted, window.started, until)
    to_wall = time.time() - time.monotonic()
    appended = await append_times(platform.bootstrap, APPLICATIONS.qualified(platform.prefix))
    log = longest_gap(appended, window.started + to_wall, until + to_wall)
    return api, log


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

"""A service's scheduled jobs (``ScheduledJob``): what each pass is given, and under which
name and period the runtime runs it."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any, cast

from returners_platform.service.app import ScheduledJob
from returners_platform.service.runtime import Runtime

AT = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


class _Runtime:
    """What ``ScheduledJob.schedule`` reads of the runtime, with the passes it was given."""

    pool = object()
    source = "/service"

    def __init__(self) -> None:
        self.scheduled: list[tuple[str, float, Callable[[], Awaitable[object]]]] = []

    def clock(self) -> datetime:
        return AT

    def every(self, name: str, seconds: float, one_pass: Callable[[], Awaitable[object]]) -> None:
        self.scheduled.append((name, seconds, one_pass))


def _scheduled(job: ScheduledJob) -> tuple[_Runtime, tuple[str, float, Any]]:
    runtime = _Runtime()
    job.schedule(cast(Runtime, runtime))
    (scheduled,) = runtime.scheduled
    return runtime, scheduled


async def test_a_publishing_pass_is_given_the_pool_the_clock_and_the_source() -> None:
    calls: list[tuple[object, dict[str, Any]]] = []

    async def erase_due(pool: object, *, source: str, clock: Callable[[], datetime]) -> int:
        calls.append((pool, {"source": source, "now": clock()}))
        return 0

    runtime, (name, seconds, one_pass) = _scheduled(ScheduledJob("retention", 60.0, erase_due))
    await one_pass()

    assert (name, seconds) == ("retention", 60.0)
    assert calls == [(runtime.pool, {"source": "/service", "now": AT})]


async def test_a_pass_that_does_not_publish_is_not_given_a_source_and_keeps_its_own_options() -> (
    None
):
    calls: list[tuple[object, datetime, str]] = []

    async def refresh(pool: object, clock: Callable[[], datetime], *, store: str) -> None:
        calls.append((pool, clock(), store))

    job = ScheduledJob("gauges", 5.0, partial(refresh, store="kept"), publishes=False)
    runtime, (name, seconds, one_pass) = _scheduled(job)
    await one_pass()

    assert (name, seconds) == ("gauges", 5.0)
    assert calls == [(runtime.pool, AT, "kept")]

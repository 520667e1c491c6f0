"""The delivery worker's loops: idle, one of them asks for due deliveries once a poll
interval; a burst wakes the others, and they send at once until nothing is due."""

import asyncio
from collections import Counter
from collections.abc import Callable

from notifications.domain.backoff import RetryPolicy
from notifications.loops.delivery import DeliveryWorker
from returners_cli.testing.polling import eventually
from returners_platform.clock import system_clock

POLL_SECONDS = 0.01


class ScriptedWorker(DeliveryWorker):
    """The worker's loops around a queue of ``due`` deliveries, each send held until the test
    lets it go (``release``): no database, no senders. Counts who asked, by loop."""

    def __init__(self, *, concurrency: int) -> None:
        super().__init__(
            None,  # type: ignore[arg-type]  # process_one, the only user, is replaced
            {},
            policy=RetryPolicy(max_attempts=1, initial_seconds=1, max_seconds=1),
            source="/test",
            poll_interval=POLL_SECONDS,
            concurrency=concurrency,
            clock=system_clock,
        )
        self.due = 0
        self.asked_by: Counter[asyncio.Task[object] | None] = Counter()
        self.sending = 0
        self.release = asyncio.Event()

    async def process_one(self, *, claimed: Callable[[], None] = lambda: None) -> bool:
        self.asked_by[asyncio.current_task()] += 1
        if self.due == 0:
            return False
        self.due -= 1
        claimed()
        self.sending += 1
        await self.release.wait()
        self.sending -= 1
        return True


async def test_idle_only_one_loop_keeps_asking_for_due_deliveries() -> None:
    worker = ScriptedWorker(concurrency=12)
    task = asyncio.create_task(worker.run())
    try:
        # Every loop looks once; then the scout's polls go on.
        await eventually(
            lambda: worker.asked_by,
            until=lambda asked: len(asked) == 12 and max(asked.values()) >= 6,
            timeout=5,
            interval=0.005,
            what="every loop's first look and five more polls",
        )
    finally:
        task.cancel()
    # Twelve loops polling would each have asked again by now.
    assert sorted(worker.asked_by.values())[:-1] == [1] * 11


async def test_a_burst_is_sent_by_every_loop_at_once_and_all_of_it_goes() -> None:
    worker = ScriptedWorker(concurrency=8)
    task = asyncio.create_task(worker.run())
    try:
        await eventually(
            lambda: len(worker.asked_by), until=lambda n: n == 8, timeout=5, interval=0.005
        )  # every loop has looked, found nothing, and rests but the scout
        worker.due = 40
        await eventually(
            lambda: worker.sending,
            until=lambda n: n == 8,
            timeout=5,
            interval=0.005,
            what="the scout to wake the others, one by one, until all eight send at once",
        )
        worker.release.set()
        await eventually(
            lambda: (worker.due, worker.sending), until=lambda left: left == (0, 0), timeout=5
        )
    finally:
        task.cancel()

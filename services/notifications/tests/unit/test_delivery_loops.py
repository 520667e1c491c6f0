"""The delivery worker's loops: idle, one of them asks for due deliveries once a poll
interval; a burst wakes the others, and they send at once until nothing is due."""

import asyncio

from notifications.domain.backoff import RetryPolicy
from notifications.loops.delivery import DeliveryWorker
from returners_cli.testing.polling import eventually
from returners_platform.clock import system_clock

POLL_SECONDS = 0.05


class ScriptedWorker(DeliveryWorker):
    """The worker's loops around a queue of ``due`` deliveries, each taking ``send_seconds``
    to send: no database, no senders."""

    def __init__(self, *, concurrency: int, due: int = 0, send_seconds: float = 0.01) -> None:
        super().__init__(
            None,  # type: ignore[arg-type]  # process_one, the only user, is replaced
            {},
            policy=RetryPolicy(max_attempts=1, initial_seconds=1, max_seconds=1),
            source="/test",
            poll_interval=POLL_SECONDS,
            concurrency=concurrency,
            clock=system_clock,
        )
        self.due = due
        self.send_seconds = send_seconds
        self.asked = 0
        self.sending = 0
        self.most_at_once = 0

    async def process_one(self) -> bool:
        self.asked += 1
        if self.due == 0:
            return False
        self.due -= 1
        self.sending += 1
        self.most_at_once = max(self.most_at_once, self.sending)
        await asyncio.sleep(self.send_seconds)
        self.sending -= 1
        return True


async def test_idle_the_worker_asks_once_a_poll_interval_whatever_its_concurrency() -> None:
    worker = ScriptedWorker(concurrency=12)
    task = asyncio.create_task(worker.run())
    try:
        await asyncio.sleep(10 * POLL_SECONDS)
    finally:
        task.cancel()
    # Each loop's first look, then the scout's ten or so; twelve loops polling would have
    # asked about 12 x 11 times.
    assert 12 <= worker.asked <= 12 + 2 * 11


async def test_a_burst_is_sent_by_several_loops_at_once_and_all_of_it_goes() -> None:
    worker = ScriptedWorker(concurrency=8)
    task = asyncio.create_task(worker.run())
    try:
        await asyncio.sleep(2 * POLL_SECONDS)  # every loop has looked and found nothing
        worker.due = 40
        await eventually(lambda: worker.due, until=lambda due: due == 0, timeout=5, interval=0.01)
        await eventually(lambda: worker.sending, until=lambda n: n == 0, timeout=5, interval=0.01)
    finally:
        task.cancel()
    assert worker.most_at_once == 8

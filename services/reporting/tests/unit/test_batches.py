"""How the worker cuts its stream into batches: at once at live rates, full in a replay."""

import asyncio
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

from reporting.stream.app import early_batches


class Stream:
    """What ``early_batches`` reads of a faust stream: its events, and its buffer."""

    def __init__(self) -> None:
        self.channel = SimpleNamespace(queue=asyncio.Queue[Any]())

    def arrive(self, *events: Any) -> None:
        for event in events:
            self.channel.queue.put_nowait(event)

    async def events(self) -> AsyncIterator[Any]:
        while True:
            yield await self.channel.queue.get()


async def next_batch(batches: AsyncIterator[list[Any]]) -> list[Any]:
    return await asyncio.wait_for(anext(batches), timeout=10)


async def test_an_event_arriving_alone_is_a_batch_at_once_not_after_the_window() -> None:
    stream = Stream()
    batches = early_batches(stream, max_events=2000, within_seconds=3600)
    stream.arrive("a")
    assert await next_batch(batches) == ["a"]
    stream.arrive("b")
    assert await next_batch(batches) == ["b"]


async def test_events_waiting_together_are_one_batch_up_to_the_maximum() -> None:
    stream = Stream()
    batches = early_batches(stream, max_events=3, within_seconds=3600)
    stream.arrive(*range(7))
    assert [await next_batch(batches) for _ in range(3)] == [[0, 1, 2], [3, 4, 5], [6]]


async def test_a_batch_that_has_been_open_for_the_window_closes_with_events_waiting() -> None:
    stream = Stream()
    batches = early_batches(stream, max_events=3, within_seconds=0)
    stream.arrive(*range(3))
    assert [await next_batch(batches) for _ in range(3)] == [[0], [1], [2]]

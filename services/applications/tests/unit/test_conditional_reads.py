"""Conditional reads: which ETags match, what ``Prefer: wait`` asks, and a waiting read."""

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from applications.api.conditional import changed_view, etag_of, matches, wait_preference


@pytest.mark.parametrize(
    ("prefer", "seconds"),
    [
        (None, 0.0),
        ("wait=10", 10.0),
        ("respond-async, wait=2.5", 2.5),
        ("handling=lenient; wait = 7", 7.0),
        ("wait=600", 30.0),
        ("wait=soon", 0.0),
        ("waiting=10", 0.0),
    ],
)
def test_the_wait_asked_for_is_read_from_prefer_and_capped(
    prefer: str | None, seconds: float
) -> None:
    assert wait_preference(prefer) == seconds


def test_if_none_match_matches_its_tags_weakly_and_star_matches_any() -> None:
    tag = etag_of(b"{}")
    assert matches(tag, tag)
    assert matches(f'"other", W/{tag}', tag)
    assert matches("*", tag)
    assert not matches('"other"', tag)
    assert not matches(None, tag)


def test_the_same_view_has_the_same_etag_and_another_view_another() -> None:
    assert etag_of(b'{"a":1}') == etag_of(b'{"a":1}') != etag_of(b'{"a":2}')


class Views:
    """A view read in turn from ``bodies`` (the last one again once they run out), and the
    watches made."""

    def __init__(self, *bodies: bytes) -> None:
        self.bodies = list(bodies)
        self.reads = 0
        self.watching: list[asyncio.Event] = []
        self._read = asyncio.Condition()

    async def read(self) -> bytes:
        async with self._read:
            self.reads += 1
            self._read.notify_all()
        return self.bodies.pop(0) if len(self.bodies) > 1 else self.bodies[0]

    async def read_times(self, times: int) -> None:
        async with self._read:
            await self._read.wait_for(lambda: self.reads >= times)

    @contextmanager
    def watch(self) -> Iterator[asyncio.Event]:
        changed = asyncio.Event()
        self.watching.append(changed)
        yield changed
        self.watching.remove(changed)


async def test_a_view_that_differs_from_if_none_match_is_answered_at_once() -> None:
    views = Views(b"new")

    assert await changed_view(views.read, views.watch, etag_of(b"old"), 30) == (
        b"new",
        etag_of(b"new"),
        True,
    )
    assert views.reads == 1


async def test_a_matching_view_without_a_wait_is_unchanged_at_once() -> None:
    views = Views(b"same")

    assert not (await changed_view(views.read, views.watch, etag_of(b"same"), 0)).changed


async def test_a_waiting_read_reads_again_when_told_and_answers_the_change() -> None:
    views = Views(b"same", b"same", b"new")
    waiting = asyncio.ensure_future(changed_view(views.read, views.watch, etag_of(b"same"), 30))
    for reads in (1, 2):  # a notification that changed nothing it shows, then the decision
        await views.read_times(reads)
        views.watching[0].set()

    async with asyncio.timeout(5):
        assert (await waiting).body == b"new"
    assert views.reads == 3
    assert views.watching == []


async def test_a_waiting_read_nobody_tells_reads_once_more_when_its_wait_ends() -> None:
    """A notification lost (the listener's connection dropped) costs latency, not a stale
    answer: the view is read again at the end of the wait."""
    views = Views(b"same", b"new")

    assert (await changed_view(views.read, views.watch, etag_of(b"same"), 0.05)).changed
    assert views.reads == 2


async def test_a_waiting_read_of_a_view_that_stays_the_same_answers_unchanged() -> None:
    views = Views(b"same")

    unchanged = await changed_view(views.read, views.watch, etag_of(b"same"), 0.05)

    assert (unchanged.body, unchanged.changed) == (b"same", False)

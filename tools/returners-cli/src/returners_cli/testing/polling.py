"""Wait for asynchronous outcomes by polling with a deadline (never a fixed sleep)."""

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar, overload

T = TypeVar("T")


@overload
async def eventually(
    probe: Callable[[], Awaitable[T]],
    *,
    until: Callable[[T], bool] = bool,
    timeout: float = 30.0,
    interval: float = 0.1,
    what: str = "the expected outcome",
) -> T: ...


@overload
async def eventually(
    probe: Callable[[], T],
    *,
    until: Callable[[T], bool] = bool,
    timeout: float = 30.0,
    interval: float = 0.1,
    what: str = "the expected outcome",
) -> T: ...


async def eventually(
    probe: Callable[[], Awaitable[T]] | Callable[[], T],
    *,
    until: Callable[[T], bool] = bool,
    timeout: float = 30.0,
    interval: float = 0.1,
    what: str = "the expected outcome",
) -> T:
    """Call ``probe`` (a coroutine function or a plain one) until ``until(result)`` holds;
    return that result or fail at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        last: T = await result if inspect.isawaitable(result) else result
        if until(last):
            return last
        if time.monotonic() >= deadline:
            raise AssertionError(
                f"timed out after {timeout}s waiting for {what}; last: {_described(last)}"
            )
        await asyncio.sleep(interval)


def _described(last: object) -> str:
    """What the probe last answered; an HTTP response with its body (the reason it gave)."""
    text = getattr(last, "text", None)
    if isinstance(text, str) and hasattr(last, "status_code"):
        return f"{last!r} {text[:500]}"
    return repr(last)

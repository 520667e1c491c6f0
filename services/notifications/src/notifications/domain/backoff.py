"""The retry schedule: exponential backoff with full jitter, then a dead letter.

After the n-th consecutive failure the next attempt waits a random time in
``[0, min(cap, initial * 2**(n-1))]`` ("full jitter"), so receivers that failed
together do not all come back at once. After ``max_attempts`` failures the
delivery is a dead letter.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int
    initial_seconds: float
    max_seconds: float

    def ceiling(self, failures: int) -> float:
        """The longest wait after ``failures`` consecutive failures (before jitter)."""
        exponent = min(failures - 1, 60)  # 2**60 already dwarfs any cap
        return float(min(self.max_seconds, self.initial_seconds * 2**exponent))

    def horizon(self) -> float:
        """The longest time from the first attempt to the last (every wait at its ceiling)."""
        return sum(self.ceiling(n) for n in range(1, self.max_attempts))


@dataclass(frozen=True)
class RetryAfter:
    seconds: float


@dataclass(frozen=True)
class GiveUp:
    """No attempts left: the delivery becomes a dead letter."""


def after_failure(
    policy: RetryPolicy, failures: int, rand: Callable[[], float] = random.random
) -> RetryAfter | GiveUp:
    """What to do after the ``failures``-th consecutive failed attempt."""
    if failures >= policy.max_attempts:
        return GiveUp()
    return RetryAfter(rand() * policy.ceiling(failures))

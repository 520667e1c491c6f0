"""How consumers retry: the policy (configuration), one record's tries, and the retry loop.

An outage (database or broker unreachable) is waited out without limit and spends none of
the policy's attempts: the record is fine, and dead-lettering it would take it out of the
normal flow. A failure of the work itself spends one attempt; when they are spent the
record is dead-lettered.
"""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

import structlog

from returners_platform.backoff import doubling
from returners_platform.service.outages import INFRASTRUCTURE_ERRORS

log = structlog.get_logger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class FailurePolicy:
    max_attempts: int = 5
    backoff_initial_seconds: float = 0.2
    backoff_max_seconds: float = 30.0

    def backoff(self, attempt: int) -> float:
        """The wait after the ``attempt``-th try: doubling from the initial delay, capped."""
        return doubling(self.backoff_initial_seconds, self.backoff_max_seconds, attempt)

    def retries(self) -> "Retries":
        """A fresh count of tries, for one record."""
        return Retries(self)


@dataclass
class Retries:
    policy: FailurePolicy
    tries: int = field(default=0, init=False)
    failures: int = field(default=0, init=False)

    def after_outage(self) -> float:
        """The wait before trying again after an outage (never gives up)."""
        self.tries += 1
        return self.policy.backoff(self.tries)

    def after_failure(self) -> float | None:
        """The wait before trying again after a failure, or None once the attempts are spent."""
        self.tries += 1
        self.failures += 1
        if self.failures >= self.policy.max_attempts:
            return None
        return self.policy.backoff(self.failures)


class PermanentHandlerError(Exception):
    """Raised by a handler for an event that can never succeed: dead-lettered without retries."""


class GaveUp(Exception):
    """The work failed every attempt the policy allows (or failed permanently)."""

    def __init__(self, error: Exception, attempts: int) -> None:
        super().__init__(f"{type(error).__name__}: {error}")
        self.error = error
        self.attempts = attempts

    @property
    def permanent(self) -> bool:
        return isinstance(self.error, PermanentHandlerError)


async def until_settled(
    work: Callable[[], Awaitable[T]],
    policy: FailurePolicy,
    *,
    what: str,
    on_error: Callable[[Exception], None] = lambda _: None,
) -> T:
    """``work()``'s result, trying again as the policy says: outages without limit, failures
    until the attempts are spent (then ``GaveUp``; a ``PermanentHandlerError`` at once).

    The one retry loop of the consumer, the reporting projector and dead-letter publishing;
    ``on_error`` sees every error (for metrics)."""
    retries = policy.retries()
    while True:
        try:
            return await work()
        except asyncio.CancelledError:
            raise
        except INFRASTRUCTURE_ERRORS as exc:
            on_error(exc)
            delay = retries.after_outage()
            log.warning(f"{what}_outage", error=repr(exc), retry_in=delay)
        except Exception as exc:
            on_error(exc)
            delay_or_none = retries.after_failure()
            if isinstance(exc, PermanentHandlerError) or delay_or_none is None:
                raise GaveUp(exc, retries.tries) from exc
            delay = delay_or_none
            log.warning(f"{what}_error", error=repr(exc), attempt=retries.tries, retry_in=delay)
        await asyncio.sleep(delay)

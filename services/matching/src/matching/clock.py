"""The service's clock: injected at the composition root so tests can move time forward.

Everything that reads "now" (decision, offer and expiry times, the expiry loop) takes a
``Clock``. Production uses ``system_clock``; a test passes a ``ShiftableClock`` to
``create_app`` and calls ``advance`` instead of waiting days for an offer to expire.
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


class ShiftableClock:
    """The system time plus an offset that only grows (time never runs backwards)."""

    def __init__(self, offset: timedelta = timedelta(0)) -> None:
        self._offset = offset

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self._offset

    def advance(self, delta: timedelta) -> None:
        if delta < timedelta(0):
            raise ValueError("a clock only moves forward")
        self._offset += delta

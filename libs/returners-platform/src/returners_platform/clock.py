"""The one source of "now" for every service: injected at the composition root.

Everything that reads the time (decisions, offers and their expiry, deliveries and their
retries, upkeep loops) takes a ``Clock``; nothing else calls ``datetime.now``. Production uses
``system_clock``. A test, or the local demo, uses a ``ShiftableClock`` and moves it forward
instead of waiting days for an offer to expire (``create_service_app`` makes one when the
settings allow a movable clock, and serves ``POST /admin/clock`` to move it). Services that
stamp facts the same person sees must keep the same time: the local demo moves all of theirs
together.
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
        return system_clock() + self._offset

    @property
    def offset(self) -> timedelta:
        return self._offset

    def advance(self, delta: timedelta) -> None:
        if delta < timedelta(0):
            raise ValueError("a clock only moves forward")
        self._offset += delta

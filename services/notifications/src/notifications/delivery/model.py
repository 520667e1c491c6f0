"""What one attempt at a delivery came to, and what sends one (a ``Sender`` per channel)."""

from dataclasses import dataclass
from typing import Protocol

from notifications.store.deliveries import Delivery
from returners_platform.messaging.unit_of_work import Db

__all__ = ["Delivered", "Delivery", "Failed", "Outcome", "Sender", "Skipped"]


@dataclass(frozen=True)
class Delivered:
    status_code: int | None = None


@dataclass(frozen=True)
class Skipped:
    reason: str


@dataclass(frozen=True)
class Failed:
    """A failed attempt. ``error`` is shown to councils and operators: no personal data.
    ``final``: no later attempt can succeed either (a dead letter at once)."""

    error: str
    status_code: int | None = None
    final: bool = False


Outcome = Delivered | Skipped | Failed


class Sender(Protocol):
    async def send(self, db: Db, delivery: Delivery) -> Outcome: ...

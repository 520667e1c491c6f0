"""Waiting between tries: a delay that doubles from an initial value up to a cap.

The one schedule every retry in the platform uses: the consumer's failure policy, the outbox
relay reconnecting, supervised background work restarting, the notifications delivery loop
and reporting's worker supervisor. (Webhook and email deliveries add full jitter on top:
``notifications.domain.backoff``.)
"""

from dataclasses import dataclass, field


def doubling(initial: float, maximum: float, attempt: int) -> float:
    """The wait after the ``attempt``-th try (1-based): ``initial * 2**(attempt-1)``, capped."""
    return float(min(initial * 2 ** min(max(attempt, 1) - 1, 64), maximum))


@dataclass
class Backoff:
    """Successive waits of one retrying loop; ``reset`` once it is healthy again."""

    initial: float
    maximum: float
    attempts: int = field(default=0, init=False)

    def next(self) -> float:
        """The wait before the next try."""
        self.attempts += 1
        return doubling(self.initial, self.maximum, self.attempts)

    def reset(self) -> None:
        self.attempts = 0

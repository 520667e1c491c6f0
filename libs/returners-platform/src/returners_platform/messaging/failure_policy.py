"""How a consumer retries one record: the policy (configuration) and one record's tries.

An outage (database or broker unreachable) is waited out without limit and spends none of
the policy's attempts: the record is fine, and dead-lettering it would take it out of the
normal flow. A failure of the work itself spends one attempt; when they are spent the
record is dead-lettered.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FailurePolicy:
    max_attempts: int = 5
    backoff_initial_seconds: float = 0.2
    backoff_max_seconds: float = 30.0

    def backoff(self, attempt: int) -> float:
        """The wait after the ``attempt``-th try: doubling from the initial delay, capped."""
        doubled = self.backoff_initial_seconds * 2 ** min(attempt - 1, 32)
        return float(min(doubled, self.backoff_max_seconds))

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

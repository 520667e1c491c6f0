from collections.abc import Awaitable, Callable

import pytest

from returners_platform.messaging.failure_policy import (
    FailurePolicy,
    GaveUp,
    PermanentHandlerError,
    until_settled,
)


def test_backoff_doubles_from_the_initial_delay_up_to_the_cap() -> None:
    policy = FailurePolicy(max_attempts=6, backoff_initial_seconds=0.5, backoff_max_seconds=3)
    assert [policy.backoff(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3, 3]


def test_the_backoff_stays_at_the_cap_however_many_tries() -> None:
    assert FailurePolicy(backoff_max_seconds=30).backoff(10_000) == 30


def test_failures_spend_the_attempts_then_give_up() -> None:
    retries = FailurePolicy(max_attempts=3, backoff_initial_seconds=1).retries()
    assert [retries.after_failure() for _ in range(3)] == [1, 2, None]
    assert retries.tries == 3


def test_outages_spend_none_of_the_attempts() -> None:
    retries = FailurePolicy(max_attempts=2, backoff_initial_seconds=1).retries()
    outage_waits = [retries.after_outage() for _ in range(5)]
    assert outage_waits == [1, 2, 4, 8, 16]
    assert retries.after_failure() == 1  # the first failure, after five outages
    assert retries.after_failure() is None
    assert retries.tries == 7


def test_each_record_gets_a_fresh_count() -> None:
    policy = FailurePolicy(max_attempts=1)
    assert policy.retries().after_failure() is None
    assert policy.retries().tries == 0


FAST = FailurePolicy(max_attempts=3, backoff_initial_seconds=0.001, backoff_max_seconds=0.001)


def _scripted(*outcomes: Exception | str) -> Callable[[], Awaitable[str]]:
    script = list(outcomes)

    async def work() -> str:
        outcome = script.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    return work


async def test_outages_are_waited_out_without_spending_attempts() -> None:
    outages = [ConnectionRefusedError("down")] * 5
    work = _scripted(*outages, RuntimeError("bug"), RuntimeError("bug"), "done")
    assert await until_settled(work, FAST, what="t") == "done"


async def test_failures_give_up_when_the_attempts_are_spent() -> None:
    seen: list[str] = []
    work = _scripted(
        RuntimeError("a"), ConnectionRefusedError(), RuntimeError("b"), RuntimeError("c")
    )
    with pytest.raises(GaveUp) as gave_up:
        await until_settled(work, FAST, what="t", on_error=lambda e: seen.append(type(e).__name__))
    assert (gave_up.value.attempts, str(gave_up.value)) == (4, "RuntimeError: c")
    assert seen == ["RuntimeError", "ConnectionRefusedError", "RuntimeError", "RuntimeError"]


async def test_a_permanent_error_gives_up_at_once() -> None:
    with pytest.raises(GaveUp) as gave_up:
        await until_settled(_scripted(PermanentHandlerError("never")), FAST, what="t")
    assert gave_up.value.permanent
    assert gave_up.value.attempts == 1

"""The retry schedule: exponential ceilings, full jitter, a dead letter after the last attempt."""

import pytest

from notifications.domain.backoff import GiveUp, RetryAfter, RetryPolicy, after_failure

POLICY = RetryPolicy(max_attempts=5, initial_seconds=10.0, max_seconds=60.0)


def test_the_ceiling_doubles_from_the_initial_wait_up_to_the_cap() -> None:
    assert [POLICY.ceiling(n) for n in range(1, 6)] == [10.0, 20.0, 40.0, 60.0, 60.0]


@pytest.mark.parametrize("failures", [1, 2, 3, 4])
def test_the_wait_is_a_random_fraction_of_the_ceiling(failures: int) -> None:
    assert after_failure(POLICY, failures, rand=lambda: 0.0) == RetryAfter(0.0)
    assert after_failure(POLICY, failures, rand=lambda: 0.5) == RetryAfter(
        POLICY.ceiling(failures) / 2
    )


def test_full_jitter_spreads_waits_over_the_whole_range() -> None:
    waits = [after_failure(POLICY, 3) for _ in range(500)]
    seconds = [w.seconds for w in waits if isinstance(w, RetryAfter)]
    assert len(seconds) == 500
    assert all(0 <= s <= 40.0 for s in seconds)
    assert min(seconds) < 10
    assert max(seconds) > 30


def test_after_the_last_attempt_the_delivery_is_given_up() -> None:
    assert after_failure(POLICY, 5) == GiveUp()
    assert after_failure(POLICY, 6) == GiveUp()


def test_a_single_attempt_policy_gives_up_at_once() -> None:
    assert after_failure(RetryPolicy(1, 1.0, 1.0), 1) == GiveUp()


def test_the_horizon_sums_every_ceiling_between_attempts() -> None:
    assert POLICY.horizon() == 10 + 20 + 40 + 60


def test_the_production_defaults_retry_for_hours() -> None:
    from notifications.config import Settings

    horizon_hours = Settings().retry_policy.horizon() / 3600
    assert 12 <= horizon_hours <= 48


def test_huge_failure_counts_do_not_overflow() -> None:
    policy = RetryPolicy(max_attempts=10_000, initial_seconds=1.0, max_seconds=5.0)
    assert policy.ceiling(5_000) == 5.0

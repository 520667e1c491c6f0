from returners_platform.messaging.consumer import FailurePolicy


def test_backoff_doubles_from_the_initial_delay_up_to_the_cap() -> None:
    policy = FailurePolicy(max_attempts=6, backoff_initial_seconds=0.5, backoff_max_seconds=3)
    assert [policy.backoff(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3, 3]

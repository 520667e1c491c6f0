from returners_platform.messaging.failure_policy import FailurePolicy


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

from returners_platform.backoff import Backoff, doubling


def test_the_wait_doubles_from_the_initial_one_up_to_the_cap() -> None:
    backoff = Backoff(initial=0.5, maximum=3)
    assert [backoff.next() for _ in range(5)] == [0.5, 1.0, 2.0, 3, 3]


def test_a_reset_starts_again_from_the_initial_wait() -> None:
    backoff = Backoff(initial=1, maximum=30)
    backoff.next(), backoff.next()
    backoff.reset()
    assert backoff.next() == 1


def test_the_wait_stays_at_the_cap_however_many_tries() -> None:
    assert doubling(0.2, 30, 10_000) == 30

"""Times as an applicant in England reads them."""

from datetime import UTC, date, datetime, timedelta, timezone

from notifications.domain.local_time import london_time, long_date


def test_a_winter_time_reads_as_gmt() -> None:
    assert london_time(datetime(2020, 3, 9, 9, 30, tzinfo=UTC)) == (
        "Monday 9 March 2020 at 9:30am (GMT)"
    )


def test_a_summer_time_is_an_hour_ahead_and_reads_as_bst() -> None:
    assert london_time(datetime(2020, 5, 4, 16, 5, tzinfo=UTC)) == (
        "Monday 4 May 2020 at 5:05pm (BST)"
    )


def test_midnight_and_noon_read_as_twelve() -> None:
    assert london_time(datetime(2020, 1, 1, 0, 0, tzinfo=UTC)).endswith("at 12:00am (GMT)")
    assert london_time(datetime(2020, 1, 1, 12, 0, tzinfo=UTC)).endswith("at 12:00pm (GMT)")


def test_a_time_given_in_another_zone_is_converted() -> None:
    new_york = timezone(timedelta(hours=-5))
    assert london_time(datetime(2020, 3, 8, 23, 0, tzinfo=new_york)) == (
        "Monday 9 March 2020 at 4:00am (GMT)"
    )


def test_a_date_reads_in_full() -> None:
    assert long_date(date(2020, 5, 4)) == "Monday 4 May 2020"

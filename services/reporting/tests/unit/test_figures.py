"""Percentiles and reason tallies."""

import pytest

from reporting.domain.figures import percentile, reason_tally, summarise_durations


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([7.0], 0.5, 7.0),
        ([7.0], 0.9, 7.0),
        ([1.0, 2.0], 0.5, 1.5),
        ([20.0, 30.0], 0.9, 29.0),
        ([2.0, 3.0, 5.0, 8.0, 10.0], 0.5, 5.0),
        ([2.0, 3.0, 5.0, 8.0, 10.0], 0.9, 9.2),
        ([1.0, 2.0, 3.0, 4.0], 0.0, 1.0),
        ([1.0, 2.0, 3.0, 4.0], 1.0, 4.0),
    ],
)
def test_percentiles_interpolate_linearly_between_ranks(
    values: list[float], q: float, expected: float
) -> None:
    assert percentile(values, q) == pytest.approx(expected)


def test_a_percentile_of_nothing_is_refused() -> None:
    with pytest.raises(ValueError, match="no values"):
        percentile([], 0.5)


def test_durations_are_summarised_whatever_their_order() -> None:
    summary = summarise_durations([10.0, 2.0, 8.0, 3.0, 5.0])
    assert (summary.count, summary.median_days, summary.p90_days) == (5, 5.0, 9.2)


def test_no_durations_give_a_count_of_zero_and_no_quantiles() -> None:
    summary = summarise_durations([])
    assert (summary.count, summary.median_days, summary.p90_days) == (0, None, None)


def test_the_reason_tally_names_every_rule() -> None:
    tally = reason_tally({"right_to_work": 2})
    assert tally["right_to_work"] == 2
    assert tally["within_window"] == 0
    assert len(tally) == 7


def test_the_reason_tally_names_the_rules_the_programme_applies() -> None:
    tally = reason_tally({"career_break": 2}, "career_break,right_to_work,within_window")
    assert tally == {"career_break": 2, "right_to_work": 0, "within_window": 0}

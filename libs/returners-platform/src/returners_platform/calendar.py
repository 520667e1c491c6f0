"""Exact calendar arithmetic for spans of years ("time out of practice", years registered).

A span of N years is measured by anniversaries, never by day counts: N whole
years after a date is the same day and month N years later. The anniversary of
29 February in a common year is 1 March (N full years have not passed on
28 February), so someone who last practised on 2016-02-29 has been out exactly
2 years on 2018-03-01, and exactly 4 years on 2020-02-29.
"""

from datetime import date


def anniversary(since: date, years: int) -> date:
    """The date ``years`` whole years after ``since`` (29 February -> 1 March in common years)."""
    year = since.year + years
    try:
        return since.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 3, 1)


def at_least_years(since: date, until: date, years: int) -> bool:
    """Whether ``years`` whole years have passed from ``since`` to ``until`` (inclusive)."""
    return anniversary(since, years) <= until


def at_most_years(since: date, until: date, years: int) -> bool:
    """Whether no more than ``years`` years have passed from ``since`` to ``until`` (inclusive)."""
    return until <= anniversary(since, years)


def completed_years(since: date, until: date) -> int:
    """Whole years from ``since`` to ``until``; negative when ``until`` is earlier."""
    if until < since:
        return -completed_years(until, since)
    years = until.year - since.year
    if anniversary(since, years) > until:
        years -= 1
    return years


def years_between(since: date, until: date) -> float:
    """Years from ``since`` to ``until`` as a number: whole years, plus the fraction of the
    current anniversary year that has passed (so exactly N years is exactly ``N.0``)."""
    if until < since:
        return -years_between(until, since)
    whole = completed_years(since, until)
    last = anniversary(since, whole)
    following = anniversary(since, whole + 1)
    return whole + (until - last).days / (following - last).days

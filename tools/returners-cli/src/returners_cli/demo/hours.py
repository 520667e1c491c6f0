"""A placement's hours, planned from its start and its requirement (no I/O).

A returner works full time, 7 hours a working day, for as many days as their requirement
(30 days = 210 h, 60 days = 420 h). The council logs placement days three at a time: one
entry of 21 hours on the third day (an entry holds at most 24 hours), so a placement is a
dozen or two requests rather than sixty. The last three days are for development: a
workshop day and interview preparation, which the training provider logs, and mentoring and
a day of coaching, which the council logs.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta

HOURS_PER_DAY = 7
DAYS_AN_ENTRY = 3
# The last three days: (day of the three, kind, hours, who logs it). 21 hours in all.
DEVELOPMENT = (
    (0, "workshop", 7.0, "provider"),
    (1, "interview_preparation", 3.0, "provider"),
    (1, "mentoring", 4.0, "council"),
    (2, "coaching", 7.0, "council"),
)


@dataclass(frozen=True)
class Entry:
    on: date
    hours: float
    kind: str
    by: str  # council or provider

    def body(self) -> dict[str, object]:
        return {"on": self.on.isoformat(), "hours": self.hours, "kind": self.kind}


def working_days(start: date, count: int) -> list[date]:
    """``count`` working days (Monday to Friday) from ``start`` (itself, if one)."""
    days: list[date] = []
    day = start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def next_monday(after: date) -> date:
    """The first Monday after ``after``."""
    return after + timedelta(days=7 - after.weekday())


def plan(starts_on: date, required_hours: float) -> list[Entry]:
    """Every entry of a placement that meets ``required_hours`` exactly, in date order."""
    days = working_days(starts_on, max(DAYS_AN_ENTRY, math.ceil(required_hours / HOURS_PER_DAY)))
    development = days[-DAYS_AN_ENTRY:]
    developing = sum(hours for _, _, hours, _ in DEVELOPMENT)
    left = required_hours - developing
    entries = []
    placement_days = days[:-DAYS_AN_ENTRY]
    for first in range(0, len(placement_days), DAYS_AN_ENTRY):
        block = placement_days[first : first + DAYS_AN_ENTRY]
        hours = min(float(HOURS_PER_DAY * len(block)), left)
        if hours > 0:
            entries.append(Entry(block[-1], hours, "placement", "council"))
            left -= hours
    entries.extend(Entry(development[day], hours, kind, by) for day, kind, hours, by in DEVELOPMENT)
    return entries


def last_day(entries: list[Entry]) -> date:
    return max(e.on for e in entries)


def csv_file(rows: list[tuple[str, Entry]]) -> str:
    """A council's hours file: ``application_id,on,hours,kind``, a row an entry."""
    lines = ["application_id,on,hours,kind"]
    lines += [
        f"{application_id},{e.on.isoformat()},{e.hours:g},{e.kind}" for application_id, e in rows
    ]
    return "\n".join(lines) + "\n"

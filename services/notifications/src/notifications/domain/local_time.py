"""Dates and times as an applicant in England reads them (Europe/London, GMT or BST)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def london_time(moment: datetime) -> str:
    """``Monday 9 March 2020 at 9:30am (GMT)``; summer times say BST."""
    local = moment.astimezone(LONDON)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{local:%A} {local.day} {local:%B %Y} at {hour}:{local:%M}{suffix} ({local.tzname()})"


def long_date(day: date) -> str:
    """``Monday 4 May 2020``."""
    return f"{day:%A} {day.day} {day:%B %Y}"

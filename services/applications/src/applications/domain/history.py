"""Registration histories that cannot be true, refused before anything is decided on them.

Each check names the field it is about. The checks that need today's date take it as an
argument (the use case passes its clock's); the others hold whenever the history is read.
"""

from dataclasses import dataclass
from datetime import date

from returners_platform.calendar import years_between
from returners_platform.contracts.events import RegistrationHistory

# Years are compared to the nearest day: 0.001 of a year is under half a day.
_A_DAY_IN_YEARS = 1 / 366


@dataclass(frozen=True)
class Impossible:
    field: str
    message: str


def impossible_history(registration: RegistrationHistory) -> list[Impossible]:
    """What in the history contradicts the rest of it, whatever the date."""
    found = []
    first, last = registration.first_registered, registration.last_practised
    if first is not None and first > last:
        found.append(Impossible("registration.first_registered", "is after last_practised"))
    elif first is not None:
        registered = years_between(first, last)
        if registration.statutory_practice_years > registered + _A_DAY_IN_YEARS:
            found.append(
                Impossible(
                    "registration.statutory_practice_years",
                    f"is more than the {registered:.1f} years from first_registered to "
                    "last_practised",
                )
            )
    return found


def dates_in_the_future(registration: RegistrationHistory, today: date) -> list[Impossible]:
    """Dates of the history that have not happened yet."""
    found = []
    if registration.last_practised > today:
        found.append(Impossible("registration.last_practised", "is in the future"))
    if registration.first_registered is not None and registration.first_registered > today:
        found.append(Impossible("registration.first_registered", "is in the future"))
    return found

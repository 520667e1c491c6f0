"""Professional histories that cannot be true, refused before anything is decided on them:
a social worker's ``registration`` or any profession's ``history`` (the block is named by
``block``).

Each check names the field it is about. The checks that need today's date take it as an
argument (the use case passes its clock's); the others hold whenever the history is read.
"""

from dataclasses import dataclass
from datetime import date

from returners_platform.calendar import years_between
from returners_platform.contracts.events import ProfessionalHistory, RegistrationHistory

History = RegistrationHistory | ProfessionalHistory

# Years are compared to the nearest day: 0.001 of a year is under half a day.
_A_DAY_IN_YEARS = 1 / 366


@dataclass(frozen=True)
class Impossible:
    field: str
    message: str


def impossible_history(registration: History, block: str = "registration") -> list[Impossible]:
    """What in the history contradicts the rest of it, whatever the date."""
    found = []
    first, last = registration.first_registered, registration.last_practised
    statutory = registration.statutory_practice_years
    if first is not None and first > last:
        found.append(Impossible(f"{block}.first_registered", "is after last_practised"))
    elif first is not None and statutory is not None:
        registered = years_between(first, last)
        if statutory > registered + _A_DAY_IN_YEARS:
            found.append(
                Impossible(
                    f"{block}.statutory_practice_years",
                    f"is more than the {registered:.1f} years from first_registered to "
                    "last_practised",
                )
            )
    return found


def dates_in_the_future(
    registration: History, today: date, block: str = "registration"
) -> list[Impossible]:
    """Dates of the history that have not happened yet."""
    found = []
    if registration.last_practised > today:
        found.append(Impossible(f"{block}.last_practised", "is in the future"))
    if registration.first_registered is not None and registration.first_registered > today:
        found.append(Impossible(f"{block}.first_registered", "is in the future"))
    return found

"""The training journey's cast: who the twelve applicants are and what happens to each
(``PLANS``, in submission order), their councils and referees, and the dates and hours that
follow from each one's plan."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from returners_cli.http_auth import bearer

from .known_outcomes import KnownPlacement

TODAY = datetime.now(UTC).date()
STARTS_ON = TODAY - timedelta(days=200)
SOUTH_EAST = ("South East", "children")
NORTH_WEST = ("North West", "adults")
SLOTS = {SOUTH_EAST: 6, NORTH_WEST: 5}  # six applicants want the North West: the last waits

COMPLETES, LEAVES, ON_PLACEMENT, DBS_NOT_MET = "completes", "leaves", "on_placement", "dbs"


@dataclass(frozen=True)
class Plan:
    """What happens to one applicant."""

    bucket: tuple[str, str]  # the region and specialism they ask for
    years_out: int  # 3: 30 days (210 hours); 7: 60 days (420 hours)
    fate: str
    reregistration: str | None = None  # the regulator's decision, as reported
    hired: bool = False
    character_referee: bool = False  # no employment in the last three years
    corrected: bool = False  # a coaching entry logged wrong, then corrected
    ends_short: bool = False  # ended before its last hours: completes when they come
    by_operations: bool = False  # the restoration reported by operations, not the returner


# In submission order (the order matching ranks them in).
PLANS = [
    Plan(SOUTH_EAST, 7, COMPLETES, "restored", hired=True, corrected=True),
    Plan(SOUTH_EAST, 3, COMPLETES, "restored", hired=True, character_referee=True),
    Plan(SOUTH_EAST, 7, COMPLETES, "restored"),
    Plan(SOUTH_EAST, 3, COMPLETES, "pending"),
    Plan(SOUTH_EAST, 7, LEAVES),
    Plan(SOUTH_EAST, 3, ON_PLACEMENT),
    Plan(NORTH_WEST, 7, DBS_NOT_MET),
    Plan(NORTH_WEST, 3, COMPLETES, "restored", hired=True),
    Plan(NORTH_WEST, 7, COMPLETES, "restored", by_operations=True),
    Plan(NORTH_WEST, 3, COMPLETES, hired=True),
    Plan(NORTH_WEST, 7, COMPLETES, "refused", ends_short=True),
    Plan(NORTH_WEST, 3, COMPLETES, "restored"),  # waits, then takes the withdrawn offer's slot
]
WAITING = 11
# Besides placement days, a completing returner logs 35 hours: two workshops, coaching,
# mentoring and interview preparation, 7 hours each.
OTHER_HOURS = 35


@dataclass(frozen=True)
class Referee:
    name: str
    email: str
    organisation: str
    relationship: str  # "employer" | "professional" | "character"


def referees_body(referees: list[Referee], *, employed_in_last_three_years: bool) -> dict[str, Any]:
    """``POST /applications/{id}/referees``'s body (SPEC's), built in this one place: each
    referee's ``relationship`` is employer, professional or character (the latter two only for
    someone with no employment in the last three years)."""
    return {
        "employed_in_last_three_years": employed_in_last_three_years,
        "referees": [
            {
                "name": r.name,
                "email": r.email,
                "organisation": r.organisation,
                "relationship": r.relationship,
            }
            for r in referees
        ],
    }


@dataclass
class Council:
    name: str
    council_id: str
    key: dict[str, str]
    region: str


@dataclass
class Applicant:
    n: int
    plan: Plan
    application_id: str
    token: str
    council: Council  # the one whose vacancy they asked for
    opened: KnownPlacement | None = None

    @property
    def placement(self) -> KnownPlacement:
        assert self.opened is not None, f"applicant {self.n} has no placement"
        return self.opened

    @property
    def auth(self) -> dict[str, str]:
        return bearer(self.token)

    @property
    def band(self) -> str:
        return "2-5" if self.plan.years_out < 5 else "5-10"

    @property
    def required_hours(self) -> int:
        return (30 if self.plan.years_out < 5 else 60) * 7

    @property
    def starts_on(self) -> date:
        return STARTS_ON + timedelta(days=self.n % 4)

    @property
    def placement_days(self) -> int:
        """Days of placement (7 hours each) the council logs."""
        if self.plan.fate == COMPLETES:
            return (self.required_hours - OTHER_HOURS) // 7
        return 10 if self.plan.fate == LEAVES else 12

    def day(self, n: int) -> date:
        """The placement's day ``n`` (its start is day 0)."""
        return self.starts_on + timedelta(days=n)

    @property
    def ended_on(self) -> date:
        extra = 0 if self.plan.ends_short else self.n % 3
        return self.day(self.placement_days - 1 + extra)

    def referees(self, programme_id: str) -> list[Referee]:
        def address(k: int) -> str:
            return f"referee{self.n}-{k}.{programme_id}@example.org"

        second = (
            Referee(f"Referee Two {self.n}", address(2), "Aylesbury Choir", "character")
            if self.plan.character_referee
            else Referee(f"Referee Two {self.n}", address(2), "Bucks Council", "employer")
        )
        return [Referee(f"Referee One {self.n}", address(1), "Bucks Council", "employer"), second]

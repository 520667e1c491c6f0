"""Who takes part in the demo: councils, vacancies and applicants, from a seed (no I/O).

The same seed gives the same people, preferences and choices, so a demo run on a fresh
platform gives the same funnel every time.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

PROGRAMME = "rtsw-demo"
PROGRAMME_STARTS = date(2027, 5, 4)

COUNCILS: tuple[tuple[str, str], ...] = (
    ("Buckinghamshire Council", "South East"),
    ("Birmingham City Council", "West Midlands"),
    ("Leeds City Council", "Yorkshire and The Humber"),
    ("Manchester City Council", "North West"),
    ("Essex County Council", "East of England"),
    ("London Borough of Camden", "London"),
)
ALL_REGIONS = (
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)
GIVEN = (
    "Ada",
    "Ben",
    "Chloe",
    "Dev",
    "Esther",
    "Farid",
    "Grace",
    "Hamza",
    "Isla",
    "Jon",
    "Kemi",
    "Liam",
    "Maya",
    "Noor",
    "Owen",
    "Priya",
    "Ravi",
    "Sara",
    "Tom",
    "Zara",
)
FAMILY = (
    "Adeyemi",
    "Brown",
    "Chowdhury",
    "Davies",
    "Evans",
    "Fraser",
    "Green",
    "Hussain",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Murphy",
    "Nowak",
    "Okafor",
    "Patel",
    "Reid",
    "Smith",
    "Taylor",
    "Williams",
)
POSTCODES = ("HP20 1UA", "B1 1BB", "LS1 1UR", "M1 1AE", "CM1 1QH", "NW1 2DB", "SW1A 1AA")


@dataclass(frozen=True)
class Vacancy:
    council: str
    region: str
    specialism: str
    slots: int


@dataclass(frozen=True)
class Applicant:
    index: int
    body: dict[str, Any]

    @property
    def idempotency_key(self) -> str:
        return f"demo-{self.index:04d}-{self.body['contact']['email']}"


def vacancies(seed: int) -> list[Vacancy]:
    rng = random.Random(f"vacancies-{seed}")
    return [
        Vacancy(name, region, specialism, rng.randint(6, 12))
        for name, region in COUNCILS
        for specialism in ("children", "adults")
    ]


def applicants(seed: int, count: int) -> list[Applicant]:
    rng = random.Random(f"applicants-{seed}")
    return [Applicant(i, _submission(rng, i)) for i in range(count)]


def _submission(rng: random.Random, i: int) -> dict[str, Any]:
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    years_out = rng.choices([1, 3, 4, 6, 8, 9, 12, 15], weights=[6, 18, 16, 18, 14, 10, 10, 8])[0]
    last_practised = PROGRAMME_STARTS - timedelta(
        days=int(365.25 * years_out) + rng.randint(10, 300)
    )
    statutory = rng.choices([0, 1, 2, 4, 7, 12], weights=[4, 8, 14, 30, 28, 16])[0]
    home = rng.choice([region for _, region in COUNCILS] * 4 + list(ALL_REGIONS))
    others = rng.sample([r for r in ALL_REGIONS if r != home], rng.randint(0, 2))
    specialisms = rng.choice(
        [["children"], ["adults"], ["children", "adults"], ["adults", "children"]]
    )
    return {
        "programme_id": PROGRAMME,
        "contact": {
            "given_name": given,
            "family_name": family,
            "email": f"{given}.{family}.{i}@example.org".lower(),
            "phone": f"+44 7700 900{i % 1000:03d}",
            "postcode": rng.choice(POSTCODES),
        },
        "right_to_work_uk": rng.random() > 0.04,
        "registration": {
            "body": rng.choices(
                ["HCPC", "SWE", "GSCC", "SSSC", "OTHER", None], weights=[40, 35, 15, 4, 3, 3]
            )[0],
            "first_registered": str(last_practised - timedelta(days=365 * (statutory + 1))),
            "last_practised": str(last_practised),
            "statutory_practice_years": statutory,
            "currently_practising": rng.random() < 0.04,
            "conditions_of_practice": rng.random() < 0.03,
        },
        "preferences": {"regions": [home, *others], "specialisms": specialisms},
        "consent": {"data_processing": True},
    }


@dataclass(frozen=True)
class Interview:
    """How an applicant's interview goes: booked or not, attended or not, each panel
    member's scores (one per criterion, on the programme's scale)."""

    books: bool
    attends: bool
    scores: tuple[tuple[int, ...], ...]


def assessment_score(seed: int, applicant: int) -> float | None:
    """The applicant's online assessment score out of 100; None if they never take it."""
    rng = random.Random(f"assessment-{seed}-{applicant}")
    if rng.random() < 0.06:
        return None
    return float(min(100, max(20, round(rng.gauss(74, 12)))))


def interview(seed: int, applicant: int, criteria: int, panel: int, scale: range) -> Interview:
    rng = random.Random(f"interview-{seed}-{applicant}")
    books, attends = rng.random() > 0.03, rng.random() > 0.04
    strength = rng.choices([0, 1, 2], weights=[15, 55, 30])[0]  # weak, sound, strong
    top = len(scale) - 1
    scores = tuple(
        tuple(
            scale[min(top, max(0, top - 2 + strength + rng.choice([-1, 0, 0, 1])))]
            for _ in range(criteria)
        )
        for _ in range(panel)
    )
    return Interview(books, attends, scores)


def choice(seed: int, applicant: int, offer_number: int) -> str:
    """What an applicant does with their n-th offer: accept, decline, ignore or withdraw."""
    rng = random.Random(f"choice-{seed}-{applicant}-{offer_number}")
    return rng.choices(["accept", "decline", "ignore", "withdraw"], weights=[60, 18, 14, 8])[0]


def council_hires(seed: int, applicant: int) -> bool:
    """Whether the council goes on to report the hire of an applicant who accepted."""
    return random.Random(f"hire-{seed}-{applicant}").random() < 0.85


# -- after the offer: referees, checks, placements, restoration -----------------------------

ORGANISATIONS = (
    "Children's Services, Leeds City Council",
    "Adult Social Care, Essex County Council",
    "Family Support Team, Barnardo's",
    "Social Work Department, University of Birmingham",
    "Community Mental Health Team, NHS",
)


@dataclass(frozen=True)
class Referee:
    name: str
    email: str
    relationship: str  # employer, professional or character
    organisation: str


@dataclass(frozen=True)
class References:
    """Who an applicant gives as referees: with employment in the last three years, two
    employers (the rule allows no other); without, a professional referee and (for some) a
    character referee, as the returner-friendly rule allows."""

    employed_in_last_three_years: bool
    referees: tuple[Referee, Referee]


def references(seed: int, applicant: int) -> References:
    rng = random.Random(f"referees-{seed}-{applicant}")
    employed = rng.random() < 0.7
    kinds = ("employer", "employer") if employed else ("professional", "character")
    if not employed and rng.random() < 0.5:
        kinds = ("professional", "professional")
    referees = []
    for number, relationship in enumerate(kinds, start=1):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        organisation = (
            f"{family} Family" if relationship == "character" else rng.choice(ORGANISATIONS)
        )
        email = f"{given}.{family}.ref{number}.{applicant}@example.net".lower()
        referees.append(Referee(f"{given} {family}", email, relationship, organisation))
    return References(employed, (referees[0], referees[1]))


def mentor(seed: int, applicant: int) -> str:
    rng = random.Random(f"mentor-{seed}-{applicant}")
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def reregistration(seed: int, applicant: int) -> str | None:
    """What a returner who completed their placement reports of their restoration to the
    register: restored, still pending, or nothing yet (None)."""
    draw = random.Random(f"reregistration-{seed}-{applicant}").random()
    return "restored" if draw < 0.78 else "pending" if draw < 0.9 else None


def one_of(seed: int, what: str, applicants: list[int]) -> int | None:
    """One applicant of several, the same for the same seed (the one whose DBS check fails,
    the one who leaves their placement...); None of none."""
    return random.Random(f"{what}-{seed}").choice(sorted(applicants)) if applicants else None

"""The demo's other professions: the LGA's 2020-21 ICT, planning and legal returner cohorts
(``deploy/local/programmes/lga-*-demo.json``, published with rtsw-demo), each with its own
job families and eligibility rules. A small cohort applies to each with the answers its
programme asks for; the demo's councils post vacancies in several programmes; the eligible
are offered places in the families they chose, accept (one planner declines) and are hired.

Each person's outcome is written down here, so the funnels reporting shows are checked
against what the demo did (``expected_funnel``) before they are printed side by side.
"""

from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.table import Table

from returners_cli.demo.client import DemoClient
from returners_cli.demo.journey import Demo, wait_for
from returners_cli.demo.population import COUNCILS

STARTS_ON = "2027-05-04"
# The funnel stages the cohorts' outcomes are written down in (and printed side by side).
STAGES: tuple[str, ...] = (
    "submitted",
    "eligible",
    "ineligible",
    "offered",
    "accepted",
    "declined",
    "hired",
    "places_filled",
)


@dataclass(frozen=True)
class Person:
    name: str
    family: str  # the job family chosen
    history: dict[str, Any]
    right_to_work_uk: bool = True
    reasons: tuple[str, ...] = ()  # the rules the programme refuses them by
    declines: bool = False


@dataclass(frozen=True)
class Cohort:
    programme_id: str
    people: tuple[Person, ...]
    vacancies: tuple[tuple[str, str, int], ...]  # (council, job family, slots)

    def expected_funnel(self) -> dict[str, Any]:
        eligible = [p for p in self.people if not p.reasons]
        taken = [p for p in eligible if not p.declines]
        reasons: dict[str, int] = {}
        for person in self.people:
            for reason in person.reasons:
                reasons[reason] = reasons.get(reason, 0) + 1
        return {
            "submitted": len(self.people),
            "eligible": len(eligible),
            "ineligible": len(self.people) - len(eligible),
            "offered": len(eligible),
            "accepted": len(taken),
            "declined": len(eligible) - len(taken),
            "hired": len(taken),
            "places_filled": len(taken),
            "ineligible_by_reason": reasons,
        }


def out(since: str, break_months: int, reason: str = "caring", **more: Any) -> dict[str, Any]:
    """Out of the profession since ``since`` after a career break of ``break_months``."""
    return {
        "last_practised": since,
        "currently_practising": False,
        "career_break": {"reason": reason, "months": break_months},
        **more,
    }


def years_in(**fields: float) -> list[dict[str, Any]]:
    return [{"field": name, "years": years} for name, years in fields.items()]


GIVEN_NAMES = ("Alex", "Priya", "Sam", "Aisha", "Tom", "Megan", "Jordan", "Chris")

BUCKS, BIRMINGHAM, LEEDS, CAMDEN = (
    "Buckinghamshire Council",
    "Birmingham City Council",
    "Leeds City Council",
    "London Borough of Camden",
)

COHORTS = (
    Cohort(
        "lga-ict-demo",
        (
            Person("ict-1", "cyber_security", out("2019-03-31", 24)),
            Person("ict-2", "service_design", out("2020-09-30", 14, "carer_unemployed")),
            Person("ict-3", "infrastructure", out("2018-12-31", 30, "long_term_unemployed")),
            Person("ict-4", "cyber_security", out("2021-06-30", 12)),
            Person("ict-5", "cyber_security", out("2022-01-31", 8), reasons=("career_break",)),
            Person(
                "ict-6", "service_design", out("2019-05-31", 36, "other"), reasons=("career_break",)
            ),
            Person(
                "ict-7",
                "infrastructure",
                {**out("2020-01-31", 20), "currently_practising": True},
                reasons=("not_currently_practising",),
            ),
            Person("ict-8", "cyber_security", out("2019-07-31", 26), False, ("right_to_work",)),
        ),
        ((BUCKS, "cyber_security", 2), (CAMDEN, "service_design", 1), (LEEDS, "infrastructure", 1)),
    ),
    Cohort(
        "lga-planning-demo",
        (
            Person(
                "planning-1",
                "development_management",
                out("2018-08-31", 40, experience=years_in(town_planning=5)),
            ),
            Person(
                "planning-2",
                "planning_policy",
                out(
                    "2019-10-31",
                    20,
                    "long_term_unemployed",
                    experience=years_in(architecture=1, engineering=1.5),
                ),
            ),
            Person(
                "planning-3",
                "enforcement",
                out("2020-02-29", 18, "carer_unemployed", experience=years_in(legal=3)),
            ),
            Person(
                "planning-4",
                "development_management",
                out("2021-04-30", 13, experience=years_in(town_planning=2)),
                declines=True,
            ),
            Person(
                "planning-5",
                "development_management",
                out("2019-06-30", 30, experience=years_in(marketing=6)),
                reasons=("relevant_experience",),
            ),
            Person(
                "planning-6",
                "planning_policy",
                out("2020-06-30", 16, experience=years_in(town_planning=1.5)),
                reasons=("relevant_experience",),
            ),
            Person(
                "planning-7",
                "enforcement",
                out("2021-11-30", 6, experience=years_in(construction=4)),
                reasons=("career_break",),
            ),
            Person(
                "planning-8",
                "development_management",
                out("2019-01-31", 28, experience=years_in(town_planning=3)),
                False,
                ("right_to_work",),
            ),
        ),
        (
            (BIRMINGHAM, "development_management", 2),
            (BUCKS, "planning_policy", 1),
            (LEEDS, "enforcement", 1),
        ),
    ),
    Cohort(
        "lga-legal-demo",
        (
            Person(
                "legal-1",
                "litigation",
                out("2018-04-30", 26, body="SRA", conditions_of_practice=False),
            ),
            Person(
                "legal-2",
                "governance",
                out("2019-09-30", 15, body="BSB", conditions_of_practice=False),
            ),
            Person(
                "legal-3",
                "property_and_planning",
                out(
                    "2020-03-31",
                    22,
                    "long_term_unemployed",
                    body="CILEX",
                    conditions_of_practice=False,
                ),
            ),
            Person(
                "legal-4",
                "litigation",
                out("2019-02-28", 30, conditions_of_practice=False),
                reasons=("previously_registered",),
            ),
            Person(
                "legal-5",
                "governance",
                out("2018-11-30", 24, body="SRA", conditions_of_practice=True),
                reasons=("no_conditions_of_practice",),
            ),
            Person(
                "legal-6",
                "litigation",
                out("2021-08-31", 9, body="SRA", conditions_of_practice=False),
                reasons=("career_break",),
            ),
            Person(
                "legal-7",
                "property_and_planning",
                {
                    **out("2020-05-31", 18, body="CILEX", conditions_of_practice=False),
                    "currently_practising": True,
                },
                reasons=("not_currently_practising",),
            ),
        ),
        (
            (CAMDEN, "litigation", 1),
            (BIRMINGHAM, "governance", 1),
            (BUCKS, "property_and_planning", 1),
        ),
    ),
)


@dataclass
class OtherProfessions:
    """The demo's steps for the three other cohorts (after rtsw-demo's hires)."""

    demo: Demo
    done: dict[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        self.done = self.demo.state.professions
        self.done.setdefault("applicants", {})

    @property
    def client(self) -> DemoClient:
        return self.demo.client

    def run(self) -> None:
        for cohort in COHORTS:
            self._apply(cohort)
        self._await_decisions()
        if not self.done.get("vacancies_posted"):
            for cohort in COHORTS:
                for council, family, slots in cohort.vacancies:
                    self.client.post_vacancy(
                        self.demo.state.councils[council],
                        {
                            "programme_id": cohort.programme_id,
                            "region": self._region(council),
                            "specialism": family,
                            "slots": slots,
                            "starts_on": STARTS_ON,
                        },
                    )
            self.done["vacancies_posted"] = True
            self.demo.save()
        for cohort in COHORTS:
            for person in cohort.people:
                if not person.reasons:
                    self._answer(person)
        self._hire()
        self.demo.console.print(
            "the ICT, planning and legal cohorts applied, were decided by their programmes' "
            "rules, offered places in their job families and hired"
        )

    # -- steps ------------------------------------------------------------------------------

    def _apply(self, cohort: Cohort) -> None:
        for person in cohort.people:
            if person.name in self.done["applicants"]:
                continue
            body = {
                "programme_id": cohort.programme_id,
                "contact": {
                    "given_name": GIVEN_NAMES[int(person.name.split("-")[1]) - 1],
                    "family_name": f"{cohort.programme_id.split('-')[1].capitalize()} Returner",
                    "email": f"{person.name}@example.org",
                    "phone": "07700 900123",
                    "postcode": "SW1A 1AA",
                },
                "right_to_work_uk": person.right_to_work_uk,
                "history": person.history,
                "preferences": {
                    "regions": [self._region_of(cohort, person)],
                    "job_families": [person.family],
                },
                "consent": {"data_processing": True},
            }
            self.done["applicants"][person.name] = self._submit(
                body, f"demo-{self.demo.seed}-{person.name}", cohort.programme_id
            )
            self.demo.save()

    def _submit(self, body: dict[str, Any], key: str, programme_id: str) -> dict[str, str]:
        """Submit, waiting while applications has yet to learn of the programme."""
        answers: list[dict[str, str]] = []

        def submitted() -> bool:
            answer = self.client.submit(body, key)
            answers.extend([answer] if answer else [])
            return bool(answers)

        wait_for(submitted, f"{programme_id} to reach the applications service", 60)
        return answers[0]

    def _await_decisions(self) -> None:
        def decided() -> bool:
            return all(
                self.client.status(a)["eligibility"] is not None
                for a in self.done["applicants"].values()
            )

        wait_for(decided, "the other cohorts' eligibility decisions")
        for cohort in COHORTS:
            for person in cohort.people:
                reasons = self.client.status(self.done["applicants"][person.name])["eligibility"][
                    "reasons"
                ]
                if tuple(reasons) != person.reasons:
                    raise AssertionError(
                        f"{person.name} was decided {reasons}, not {list(person.reasons)}"
                    )

    def _answer(self, person: Person) -> None:
        applicant = self.done["applicants"][person.name]
        found: list[dict[str, Any]] = []

        def offered() -> bool:
            found[:] = self.client.status(applicant)["offers"]
            return bool(found)

        wait_for(offered, f"an offer to {person.name}")
        [offer] = found
        if offer["status"] == "offered":
            self.client.answer_offer(applicant, offer["offer_id"], accept=not person.declines)

    def _hire(self) -> None:
        """Every councils hires the returners who accepted its offer in these programmes."""
        ours = {a["application_id"] for a in self.done["applicants"].values()}

        def accepted_everywhere() -> list[tuple[dict[str, str], str]]:
            return [
                (council, o["application_id"])
                for council in self.demo.state.councils.values()
                for o in self.client.council_offers(council)
                if o["application_id"] in ours and o["status"] in ("accepted", "hired")
            ]

        wanted = sum(not p.reasons and not p.declines for c in COHORTS for p in c.people)
        wait_for(lambda: len(accepted_everywhere()) == wanted, "matching to hear every acceptance")
        for council, application_id in accepted_everywhere():
            self.client.report_hire(council, application_id)

    # -- lookups ----------------------------------------------------------------------------

    def _region(self, council: str) -> str:
        return dict(COUNCILS)[council]

    def _region_of(self, cohort: Cohort, person: Person) -> str:
        """The region of the council that posts the person's job family."""
        return next(self._region(c) for c, family, _ in cohort.vacancies if family == person.family)


def print_side_by_side(console: Console, funnels: dict[str, dict[str, Any]]) -> None:
    """Every programme's funnel in one table, a column each (ids broken after their first
    hyphen, so that four fit in 80 columns)."""
    table = Table(title="Programmes side by side (from the reporting service)")
    table.add_column("stage", no_wrap=True)
    for programme_id in funnels:
        table.add_column(programme_id.replace("-", "-\n", 1), justify="right", no_wrap=True)
    for stage in STAGES:
        table.add_row(stage, *(str(f.get(stage, "-")) for f in funnels.values()))
    reasons = sorted(
        {r for f in funnels.values() for r, n in f.get("ineligible_by_reason", {}).items() if n}
    )
    table.add_row("not eligible, by rule:", *("" for _ in funnels))
    for reason in reasons:
        table.add_row(
            f"  {reason}",
            *(str(f.get("ineligible_by_reason", {}).get(reason, 0)) for f in funnels.values()),
        )
    console.print(table)

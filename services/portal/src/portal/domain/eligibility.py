"""The eligibility check before applying: the programme's own rules (as published), applied
to the check's answers, every failed rule named by its code and explained in plain English.

The decision that counts is the matching service's, made when the application is sent; this
check reads the same published rules with the same calendar arithmetic
(``returners_platform.calendar``), so an applicant is not sent down a road that ends in a
refusal. ``tests/portal/test_eligibility_agrees.py`` holds it to matching's rules.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from returners_platform.calendar import at_least_years, at_most_years
from returners_platform.contracts.vocabulary import EligibilityReason


@dataclass(frozen=True)
class Rules:
    """A published programme's rules (``GET /programmes/{id}`` on the applications service)."""

    title: str
    opens_at: datetime
    closes_at: datetime
    starts_on: date
    min_years_out: int | None
    max_years_out: int | None
    min_statutory_years: float
    bands: tuple[tuple[int, int], ...]  # (from_years, days)
    recognised_bodies: frozenset[str]

    @classmethod
    def of(cls, programme: dict[str, Any]) -> "Rules":
        return cls(
            title=programme["title"],
            opens_at=datetime.fromisoformat(programme["opens_at"]),
            closes_at=datetime.fromisoformat(programme["closes_at"]),
            starts_on=date.fromisoformat(programme["starts_on"]),
            min_years_out=programme["min_years_out"],
            max_years_out=programme["max_years_out"],
            min_statutory_years=programme["min_statutory_years"],
            bands=tuple((b["from_years"], b["days"]) for b in programme["updating_days"]),
            recognised_bodies=frozenset(b.upper() for b in programme["recognised_bodies"]),
        )

    def open_at(self, now: datetime) -> bool:
        return self.opens_at <= now <= self.closes_at


@dataclass(frozen=True)
class CheckResult:
    reasons: tuple[EligibilityReason, ...]
    updating_days: int | None

    @property
    def eligible(self) -> bool:
        return not self.reasons


def check(answers: dict[str, Any], rules: Rules, now: datetime) -> CheckResult:
    """``answers`` in the application's shape (``registration``, ``right_to_work_uk``)."""
    registration = answers.get("registration") or {}
    body = (registration.get("body") or "").upper()
    years = float(registration.get("statutory_practice_years") or 0)
    last_practised = date.fromisoformat(registration["last_practised"])
    checks = (
        (EligibilityReason.PREVIOUSLY_REGISTERED, body in rules.recognised_bodies),
        (EligibilityReason.STATUTORY_EXPERIENCE, years > 0 and years >= rules.min_statutory_years),
        (EligibilityReason.NOT_CURRENTLY_PRACTISING, not registration.get("currently_practising")),
        (EligibilityReason.TIME_OUT_OF_PRACTICE, _time_out_allowed(last_practised, rules)),
        (
            EligibilityReason.NO_CONDITIONS_OF_PRACTICE,
            not registration.get("conditions_of_practice"),
        ),
        (EligibilityReason.RIGHT_TO_WORK, bool(answers.get("right_to_work_uk"))),
        (EligibilityReason.WITHIN_WINDOW, rules.open_at(now)),
    )
    reasons = tuple(reason for reason, passed in checks if not passed)
    return CheckResult(reasons, None if reasons else updating_days(last_practised, rules))


def updating_days(last_practised: date, rules: Rules) -> int:
    reached = [b for b in rules.bands if at_least_years(last_practised, rules.starts_on, b[0])]
    return max(reached)[1] if reached else 0


def _time_out_allowed(last_practised: date, rules: Rules) -> bool:
    start = rules.starts_on
    if rules.min_years_out is not None and not at_least_years(
        last_practised, start, rules.min_years_out
    ):
        return False
    return rules.max_years_out is None or at_most_years(last_practised, start, rules.max_years_out)

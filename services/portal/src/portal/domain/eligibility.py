"""The eligibility check before applying: a published programme's rules applied to the
check's answers, every failed rule named by its code (``wording`` explains each one).

The decision that counts is the matching service's, made when the application is sent; the
rules are one module both read (``returners_platform.eligibility``), so an applicant is not
sent down a road that ends in a refusal.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from returners_platform.contracts.events import RegistrationHistory
from returners_platform.contracts.vocabulary import EligibilityReason
from returners_platform.eligibility import Answers, ProgrammeRules, days_of_updating, failed_rules


class Rules(ProgrammeRules):
    """A published programme's rules and its title (``GET /programmes/{id}`` on the
    applications service: ``Rules.of(found)``)."""

    title: str
    profession: str = "social_work"


@dataclass(frozen=True)
class CheckResult:
    reasons: tuple[EligibilityReason, ...]
    updating_days: int | None

    @property
    def eligible(self) -> bool:
        return not self.reasons


def check(answers: dict[str, Any], rules: Rules, now: datetime) -> CheckResult:
    """``answers`` in the application's shape (``registration``, ``right_to_work_uk``), as if
    the application were sent ``now``. The check does not ask when someone first registered
    (no rule reads it)."""
    registration = RegistrationHistory.model_validate(
        {"first_registered": None, **answers["registration"]}
    )
    given = Answers.of_registration(registration, bool(answers.get("right_to_work_uk")))
    reasons = failed_rules(given, now, rules)
    if reasons:
        return CheckResult(reasons, None)
    return CheckResult((), days_of_updating(registration.last_practised, rules))

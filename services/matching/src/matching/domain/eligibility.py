"""Eligibility: the decision on a sent application, by the programme's rules.

The rules themselves (and the order their reasons are reported in) are
``returners_platform.eligibility``'s, which the applicant portal's check before applying
reads too. The decision adds the time out of practice at the programme's start date, and
the days of updating an eligible applicant needs; ineligible applicants get ``None``.
"""

from dataclasses import dataclass

from returners_platform.calendar import years_between
from returners_platform.contracts.events import AnyApplicationSubmitted, as_history
from returners_platform.contracts.vocabulary import EligibilityReason
from returners_platform.eligibility import Answers, ProgrammeRules, days_of_updating, failed_rules


@dataclass(frozen=True)
class Decision:
    eligible: bool
    reasons: tuple[EligibilityReason, ...]
    updating_days: int | None
    years_out_of_practice: float


def decide(application: AnyApplicationSubmitted, rules: ProgrammeRules) -> Decision:
    """Apply every rule; the decision lists each failed rule, in the rules' order."""
    history = as_history(application)
    answers = Answers.of_history(history, application.right_to_work_uk)
    failed = failed_rules(answers, application.submitted_at, rules)
    years_out = round(years_between(history.last_practised, rules.starts_on), 6)
    if failed:
        return Decision(False, failed, None, years_out)
    return Decision(True, (), days_of_updating(history.last_practised, rules), years_out)

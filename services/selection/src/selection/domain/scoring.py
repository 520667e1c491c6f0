"""Scores: an assessment result against its pass mark, a panel member's interview scores
against the criteria and the scale, the interview score once the panel is complete."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from returners_platform.contracts.events import InterviewRules, SelectionRules


@dataclass(frozen=True)
class Invalid:
    field: str
    message: str


def check_assessment_score(score: float, rules: SelectionRules) -> str | None:
    """Why the score cannot be a result of this assessment (None: it can)."""
    if not 0 <= score <= rules.assessment.max_score:
        return f"must be between 0 and {rules.assessment.max_score:g}"
    return None


def assessment_passed(score: float, rules: SelectionRules) -> bool:
    return score >= rules.assessment.pass_mark


def check_panel_scores(scores: Mapping[str, int], rules: InterviewRules) -> list[Invalid]:
    """Every criterion scored once, on the scale, and nothing else."""
    problems = [
        Invalid(f"scores.{c}", "is missing: every criterion is scored")
        for c in rules.criteria
        if c not in scores
    ]
    problems += [
        Invalid(
            f"scores.{c}", f"is not a criterion of this interview ({', '.join(rules.criteria)})"
        )
        for c in scores
        if c not in rules.criteria
    ]
    problems += [
        Invalid(f"scores.{c}", f"must be between {rules.scale.min} and {rules.scale.max}")
        for c, n in scores.items()
        if c in rules.criteria and not rules.scale.min <= n <= rules.scale.max
    ]
    return problems


def panel_total(scores: Mapping[str, int]) -> int:
    return sum(scores.values())


def interview_score(totals: Sequence[int], rules: InterviewRules) -> float | None:
    """The mean of the panel's totals once ``panel_size`` members have scored (else None)."""
    if len(totals) < rules.panel_size:
        return None
    return round(sum(totals) / len(totals), 4)


def interview_passed(score: float, rules: InterviewRules) -> bool:
    return score >= rules.pass_mark

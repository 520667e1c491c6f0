"""Eligibility: a programme's rules applied to an applicant's answers, every failed rule
reported by its code.

One home for the rules and the two places that apply them: the matching service decides by
them when an application is sent, and the applicant portal checks someone's answers against
them before they apply (so that nobody is sent down a road that ends in a refusal).

The rules are programme data (``contracts.eligibility_rules.EligibilityRules``); a programme
published without a rule set applies social work's seven (SPEC.md, "The rules of the
programme"). Reasons are reported in the order of ``EligibilityReason``:

- ``previously_registered``: the register named is one the programme recognises.
- ``statutory_experience``: more than zero, and at least the minimum, years of statutory
  practice (someone who qualified but never practised is not a returner).
- ``relevant_experience``: more than zero, and at least the minimum, years of experience in
  the fields the programme counts (the years of each counted field added up).
- ``career_break``: a break for one of the programme's reasons, at least its minimum months.
- ``not_currently_practising``: not practising now.
- ``time_out_of_practice``: from ``last_practised`` to the programme's start date, at least
  ``min_years`` and at most ``max_years`` whole calendar years, both inclusive; an absent
  bound does not apply (see ``calendar`` for the exact arithmetic).
- ``no_conditions_of_practice``: no conditions of practice or suspension (only where there
  is a register).
- ``right_to_work``: the right to work in the UK.
- ``within_window``: ``opens_at <= submitted_at <= closes_at``, instants compared exactly
  (offsets included), both ends inclusive - the same test the applications service applies.
  It always applies.

An answer a rule needs and the applicant did not give fails that rule (``missing_answers``
names them, for the applications service to refuse the submission first).

Updating days come from the programme's bands: the band with the largest ``from_years`` not
above the time out applies (``from_years`` whole years out, measured like the time out); no
band means no updating requirement (0 days).
"""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, model_validator

from returners_platform.calendar import at_least_years, at_most_years
from returners_platform.contracts.eligibility_rules import (
    CareerBreak,
    EligibilityRules,
    PreviouslyRegistered,
    RelevantExperience,
    StatutoryExperience,
    TimeOutOfPractice,
)
from returners_platform.contracts.events import (
    Break,
    Experience,
    ProfessionalHistory,
    ProgrammePublished,
    ProgrammePublishedV3,
    RegistrationHistory,
    UpdatingBand,
    as_v3,
    programme_from_json,
)
from returners_platform.contracts.vocabulary import EligibilityReason


class ProgrammeRules(BaseModel):
    """The part of a published programme the rules read, named as ``programme.published``
    and the applications service's ``GET /programmes/{id}`` both name it: the window, the
    start date, the updating bands and the rule set (social work's seven, read from the
    programme's fields, where it has none)."""

    model_config = ConfigDict(frozen=True, from_attributes=True)

    opens_at: AwareDatetime
    closes_at: AwareDatetime
    starts_on: date
    updating_days: tuple[UpdatingBand, ...] = ()
    eligibility: EligibilityRules

    @model_validator(mode="before")
    @classmethod
    def _rule_set(cls, programme: Any) -> Any:
        """A programme published without a rule set (v1, v2) applies social work's seven,
        read from its fields as ``as_v3`` reads them."""
        if isinstance(programme, ProgrammePublished | ProgrammePublishedV3):
            return as_v3(programme)
        if isinstance(programme, dict) and programme.get("eligibility") is None:
            return {**programme, "eligibility": programme_from_json(programme).eligibility}
        return programme

    @classmethod
    def of(cls, programme: object) -> Self:
        """The rules of a published programme: the event, or its JSON (a dict)."""
        return cls.model_validate(programme)

    def open_at(self, instant: datetime) -> bool:
        """``within_window``: whether an application sent at ``instant`` is within it."""
        return self.opens_at <= instant <= self.closes_at


class Answers(BaseModel):
    """What an applicant says that the rules read. An answer the programme does not ask for
    may be absent (None); one its rules read and that is absent fails the rule."""

    model_config = ConfigDict(frozen=True)

    right_to_work_uk: bool
    last_practised: date
    currently_practising: bool
    body: str | None = None
    statutory_practice_years: float | None = None
    conditions_of_practice: bool | None = None
    experience: tuple[Experience, ...] | None = None
    career_break: Break | None = None

    @classmethod
    def of_history(cls, history: ProfessionalHistory, right_to_work_uk: bool) -> Self:
        """An applicant's answers, as an application of any profession (v2) gives them."""
        return cls(
            right_to_work_uk=right_to_work_uk,
            **history.model_dump(exclude={"first_registered", "experience", "career_break"}),
            experience=tuple(history.experience) if history.experience is not None else None,
            career_break=history.career_break,
        )

    @classmethod
    def of_registration(cls, registration: RegistrationHistory, right_to_work_uk: bool) -> Self:
        """A social worker's answers, as the application (v1) gives them."""
        return cls.of_history(ProfessionalHistory(**registration.model_dump()), right_to_work_uk)


def failed_rules(
    answers: Answers, sent_at: datetime, rules: ProgrammeRules
) -> tuple[EligibilityReason, ...]:
    """Every rule of the programme an application sent at ``sent_at`` fails, in the order
    of ``EligibilityReason``."""
    applied = rules.eligibility
    failed = {
        EligibilityReason(code)
        for code, rule in applied
        if rule is not None and not _PASSES[EligibilityReason(code)](rule, answers, rules.starts_on)
    }
    if not rules.open_at(sent_at):
        failed.add(EligibilityReason.WITHIN_WINDOW)
    return tuple(reason for reason in EligibilityReason if reason in failed)


def _registered(rule: PreviouslyRegistered, answers: Answers, _: date) -> bool:
    return (answers.body or "").upper() in {body.upper() for body in rule.bodies}


def _statutory(rule: StatutoryExperience, answers: Answers, _: date) -> bool:
    years = answers.statutory_practice_years or 0
    return years > 0 and years >= rule.min_years


def _relevant(rule: RelevantExperience, answers: Answers, _: date) -> bool:
    counted = sum(e.years for e in answers.experience or () if e.field in rule.fields)
    return counted > 0 and counted >= rule.min_years


def _career_break(rule: CareerBreak, answers: Answers, _: date) -> bool:
    taken = answers.career_break
    return taken is not None and taken.reason in rule.reasons and taken.months >= rule.min_months


def _time_out(rule: TimeOutOfPractice, answers: Answers, starts_on: date) -> bool:
    return time_out_is_allowed(answers.last_practised, starts_on, rule)


_PASSES: dict[EligibilityReason, Callable[[Any, Answers, date], bool]] = {
    EligibilityReason.PREVIOUSLY_REGISTERED: _registered,
    EligibilityReason.STATUTORY_EXPERIENCE: _statutory,
    EligibilityReason.RELEVANT_EXPERIENCE: _relevant,
    EligibilityReason.CAREER_BREAK: _career_break,
    EligibilityReason.NOT_CURRENTLY_PRACTISING: lambda _, a, __: not a.currently_practising,
    EligibilityReason.TIME_OUT_OF_PRACTICE: _time_out,
    EligibilityReason.NO_CONDITIONS_OF_PRACTICE: lambda _, a, __: a.conditions_of_practice is False,
    EligibilityReason.RIGHT_TO_WORK: lambda _, a, __: a.right_to_work_uk,
}


def missing_answers(answers: Answers, rules: EligibilityRules) -> list[str]:
    """The answers the rules read that the applicant did not give, by field name."""
    needed = {
        "statutory_practice_years": rules.statutory_experience,
        "conditions_of_practice": rules.no_conditions_of_practice,
        "experience": rules.relevant_experience,
        "career_break": rules.career_break,
    }
    return [
        name for name, rule in needed.items() if rule is not None and getattr(answers, name) is None
    ]


def time_out_is_allowed(last_practised: date, starts_on: date, rule: TimeOutOfPractice) -> bool:
    """The time out of practice by the start date is within the rule's bounds."""
    if rule.min_years is not None and not at_least_years(last_practised, starts_on, rule.min_years):
        return False
    return rule.max_years is None or at_most_years(last_practised, starts_on, rule.max_years)


def days_of_updating(last_practised: date, rules: ProgrammeRules) -> int:
    """Days of updating: the band with the largest ``from_years`` reached by the start date."""
    reached = [
        band
        for band in rules.updating_days
        if at_least_years(last_practised, rules.starts_on, band.from_years)
    ]
    return max(reached, key=lambda band: band.from_years).days if reached else 0

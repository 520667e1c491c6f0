"""Eligibility: the seven rules of a programme, every failed rule reported by its code.

One home for the rules and the two places that apply them: the matching service decides by
them when an application is sent, and the applicant portal checks someone's answers against
them before they apply (so that nobody is sent down a road that ends in a refusal).

The rules (SPEC.md, "The rules of the programme"), in the order reasons are reported:

1. ``previously_registered``: the register named is one the programme recognises.
2. ``statutory_experience``: more than zero, and at least the programme's minimum, years of
   statutory practice (someone who qualified but never practised is not a returner).
3. ``not_currently_practising``: not practising now.
4. ``time_out_of_practice``: from ``last_practised`` to the programme's start date, at least
   ``min_years_out`` and at most ``max_years_out`` whole calendar years, both inclusive; an
   absent bound does not apply (see ``calendar`` for the exact arithmetic).
5. ``no_conditions_of_practice``: no conditions of practice or suspension.
6. ``right_to_work``: the right to work in the UK.
7. ``within_window``: ``opens_at <= submitted_at <= closes_at``, instants compared exactly
   (offsets included), both ends inclusive — the same test the applications service applies.

Updating days come from the programme's bands: the band with the largest ``from_years`` not
above the time out applies (``from_years`` whole years out, measured like rule 4); no band
means no updating requirement (0 days).
"""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, field_validator

from returners_platform.calendar import at_least_years, at_most_years
from returners_platform.contracts.events import RegistrationHistory, UpdatingBand
from returners_platform.contracts.vocabulary import EligibilityReason


class ProgrammeRules(BaseModel):
    """The part of a published programme the rules read, named as ``programme.published``
    and the applications service's ``GET /programmes/{id}`` both name it."""

    model_config = ConfigDict(frozen=True, from_attributes=True)

    opens_at: AwareDatetime
    closes_at: AwareDatetime
    starts_on: date
    min_years_out: int | None
    max_years_out: int | None
    min_statutory_years: float
    updating_days: tuple[UpdatingBand, ...]
    recognised_bodies: frozenset[str]

    @field_validator("recognised_bodies")
    @classmethod
    def _in_capitals(cls, bodies: frozenset[str]) -> frozenset[str]:
        return frozenset(body.upper() for body in bodies)

    @classmethod
    def of(cls, programme: object) -> Self:
        """The rules of a published programme: the event, or its JSON (a dict)."""
        return cls.model_validate(programme)

    def open_at(self, instant: datetime) -> bool:
        """Rule 7: whether an application sent at ``instant`` is within the window."""
        return self.opens_at <= instant <= self.closes_at


def failed_rules(
    registration: RegistrationHistory,
    right_to_work_uk: bool,
    sent_at: datetime,
    rules: ProgrammeRules,
) -> tuple[EligibilityReason, ...]:
    """Every rule an application sent at ``sent_at`` fails, in the order above."""
    body = (registration.body or "").upper()
    years = registration.statutory_practice_years
    checks: Iterable[tuple[EligibilityReason, bool]] = (
        (EligibilityReason.PREVIOUSLY_REGISTERED, body in rules.recognised_bodies),
        (EligibilityReason.STATUTORY_EXPERIENCE, years > 0 and years >= rules.min_statutory_years),
        (EligibilityReason.NOT_CURRENTLY_PRACTISING, not registration.currently_practising),
        (
            EligibilityReason.TIME_OUT_OF_PRACTICE,
            time_out_is_allowed(registration.last_practised, rules),
        ),
        (EligibilityReason.NO_CONDITIONS_OF_PRACTICE, not registration.conditions_of_practice),
        (EligibilityReason.RIGHT_TO_WORK, right_to_work_uk),
        (EligibilityReason.WITHIN_WINDOW, rules.open_at(sent_at)),
    )
    return tuple(reason for reason, passed in checks if not passed)


def time_out_is_allowed(last_practised: date, rules: ProgrammeRules) -> bool:
    """Rule 4: the time out of practice by the start date is within the programme's bounds."""
    start = rules.starts_on
    if rules.min_years_out is not None and not at_least_years(
        last_practised, start, rules.min_years_out
    ):
        return False
    return rules.max_years_out is None or at_most_years(last_practised, start, rules.max_years_out)


def days_of_updating(last_practised: date, rules: ProgrammeRules) -> int:
    """Days of updating: the band with the largest ``from_years`` reached by the start date."""
    reached = [
        band
        for band in rules.updating_days
        if at_least_years(last_practised, rules.starts_on, band.from_years)
    ]
    return max(reached, key=lambda band: band.from_years).days if reached else 0

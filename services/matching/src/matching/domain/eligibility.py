"""Eligibility: the seven rules of the programme, every failed rule reported by its code.

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
means no updating requirement (0 days). Ineligible applicants get ``None``.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from returners_platform.calendar import at_least_years, at_most_years, years_between
from returners_platform.contracts.events import (
    ApplicationSubmitted,
    ProgrammePublishedV2,
    RegistrationHistory,
)
from returners_platform.contracts.vocabulary import EligibilityReason


@dataclass(frozen=True)
class Band:
    from_years: int
    days: int


@dataclass(frozen=True)
class ProgrammeRules:
    """The part of a programme's configuration the rules read."""

    opens_at: datetime
    closes_at: datetime
    starts_on: date
    min_years_out: int | None
    max_years_out: int | None
    min_statutory_years: float
    bands: tuple[Band, ...]
    recognised_bodies: frozenset[str]

    @classmethod
    def of(cls, programme: ProgrammePublishedV2) -> "ProgrammeRules":
        return cls(
            opens_at=programme.opens_at,
            closes_at=programme.closes_at,
            starts_on=programme.starts_on,
            min_years_out=programme.min_years_out,
            max_years_out=programme.max_years_out,
            min_statutory_years=programme.min_statutory_years,
            bands=tuple(Band(b.from_years, b.days) for b in programme.updating_days),
            recognised_bodies=frozenset(b.upper() for b in programme.recognised_bodies),
        )


@dataclass(frozen=True)
class Decision:
    eligible: bool
    reasons: tuple[EligibilityReason, ...]
    updating_days: int | None
    years_out_of_practice: float


def decide(application: ApplicationSubmitted, rules: ProgrammeRules) -> Decision:
    """Apply every rule; the decision lists each failed rule, in the order above."""
    registration = application.registration
    failed = _failed_rules(
        registration, application.right_to_work_uk, application.submitted_at, rules
    )
    years_out = round(years_between(registration.last_practised, rules.starts_on), 6)
    if failed:
        return Decision(False, failed, None, years_out)
    return Decision(True, (), updating_days(registration.last_practised, rules), years_out)


def updating_days(last_practised: date, rules: ProgrammeRules) -> int:
    """Days of updating: the band with the largest ``from_years`` reached by the start date."""
    reached = [
        band
        for band in rules.bands
        if at_least_years(last_practised, rules.starts_on, band.from_years)
    ]
    return max(reached, key=lambda band: band.from_years).days if reached else 0


def time_out_is_allowed(last_practised: date, rules: ProgrammeRules) -> bool:
    start = rules.starts_on
    if rules.min_years_out is not None and not at_least_years(
        last_practised, start, rules.min_years_out
    ):
        return False
    return rules.max_years_out is None or at_most_years(last_practised, start, rules.max_years_out)


def within_window(submitted_at: datetime, rules: ProgrammeRules) -> bool:
    return rules.opens_at <= submitted_at <= rules.closes_at


def _failed_rules(
    registration: RegistrationHistory,
    right_to_work_uk: bool,
    submitted_at: datetime,
    rules: ProgrammeRules,
) -> tuple[EligibilityReason, ...]:
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
        (EligibilityReason.WITHIN_WINDOW, within_window(submitted_at, rules)),
    )
    return tuple(reason for reason, passed in checks if not passed)

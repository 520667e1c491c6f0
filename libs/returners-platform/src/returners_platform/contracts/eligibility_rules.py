"""The eligibility rules a programme applies, as data: each rule named by the reason code its
failure reports, with its parameters; a rule that is absent does not apply (a profession
without a register has no ``previously_registered`` and no ``no_conditions_of_practice``).

Social work's seven rules are one such set (``social_work_rules``): a programme published
before rules were data (``programme.published`` v1 and v2) means exactly that set, read from
its fields. The rules are applied by ``returners_platform.eligibility``.
"""

from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from returners_platform.contracts.vocabulary import BreakReason, EligibilityReason, FieldCode

BodyCode = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]{1,31}$")]


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PreviouslyRegistered(_Rule):
    """Registered before with one of ``bodies`` (the registers the programme recognises)."""

    bodies: tuple[BodyCode, ...] = Field(max_length=20)


class StatutoryExperience(_Rule):
    """More than zero, and at least ``min_years``, years of statutory practice."""

    min_years: float = Field(ge=0, le=60)


class RelevantExperience(_Rule):
    """At least ``min_years`` (and more than zero) years of experience, counting only the
    fields the programme names (planning's "town planning or a related field")."""

    min_years: float = Field(ge=0, le=60)
    fields: tuple[FieldCode, ...] = Field(min_length=1, max_length=30)


class CareerBreak(_Rule):
    """A career break of at least ``min_months`` for one of ``reasons``."""

    reasons: tuple[BreakReason, ...] = Field(min_length=1)
    min_months: int = Field(ge=0, le=600)


class TimeOutOfPractice(_Rule):
    """From the last day in practice to the programme's start, at least ``min_years`` and at
    most ``max_years`` whole calendar years (both inclusive; null: no bound)."""

    min_years: int | None = Field(default=None, ge=0, le=60)
    max_years: int | None = Field(default=None, ge=0, le=60)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if (
            self.min_years is not None
            and self.max_years is not None
            and self.max_years < self.min_years
        ):
            raise ValueError("max_years is below min_years")
        return self


class Applies(_Rule):
    """A rule with no parameters, present when it applies."""


class EligibilityRules(_Rule):
    """The rules a programme applies, by reason code; an absent rule does not apply. The
    application window (``within_window``) always applies: it is the programme's own."""

    previously_registered: PreviouslyRegistered | None = None
    statutory_experience: StatutoryExperience | None = None
    relevant_experience: RelevantExperience | None = None
    career_break: CareerBreak | None = None
    not_currently_practising: Applies | None = None
    time_out_of_practice: TimeOutOfPractice | None = None
    no_conditions_of_practice: Applies | None = None
    right_to_work: Applies | None = None

    @model_validator(mode="after")
    def _restrictions_need_a_register(self) -> Self:
        if self.no_conditions_of_practice is not None and self.previously_registered is None:
            raise ValueError(
                "no_conditions_of_practice applies only where there is a register "
                "(previously_registered)"
            )
        return self


def social_work_rules(
    *,
    recognised_bodies: tuple[str, ...],
    min_statutory_years: float,
    min_years_out: int | None,
    max_years_out: int | None,
) -> EligibilityRules:
    """Social work's seven rules (SPEC.md, "The rules of the programme") with a programme's
    parameters: what a programme published without a rule set applies."""
    return EligibilityRules(
        previously_registered=PreviouslyRegistered(bodies=recognised_bodies),
        statutory_experience=StatutoryExperience(min_years=min_statutory_years),
        not_currently_practising=Applies(),
        time_out_of_practice=TimeOutOfPractice(min_years=min_years_out, max_years=max_years_out),
        no_conditions_of_practice=Applies(),
        right_to_work=Applies(),
    )


def reasons_applied(rules: EligibilityRules) -> tuple[EligibilityReason, ...]:
    """The codes a programme with these rules can report, in the order they are reported
    (``within_window`` always)."""
    present = {code for code, rule in rules if rule is not None}
    return tuple(
        reason
        for reason in EligibilityReason
        if reason in present or reason is EligibilityReason.WITHIN_WINDOW
    )


# The codes of social work's seven rules: what a programme published without a rule set reports.
SOCIAL_WORK_REASONS = reasons_applied(
    social_work_rules(
        recognised_bodies=(), min_statutory_years=0, min_years_out=None, max_years_out=None
    )
)

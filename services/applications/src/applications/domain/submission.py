"""What an applicant submits: the application form, validated as a whole.

Two shapes: a social worker's, with ``registration`` and ``preferences.specialisms`` (as it
always was: published as ``application.submitted`` v1), and any profession's, with
``history`` and ``preferences.job_families`` (published as v2). Which of the history's
answers are required is the programme's rules' to say (the use case checks them).

The field names are the portal API's contract (``POST /applications``). Answers that
contradict each other are refused here, naming each field; those that depend on today's date
are the use case's to check (it has the clock).
"""

import re
from typing import Annotated, Literal

import phonenumbers
from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field, model_validator

from applications.domain.equality import OPTIONAL, EqualityAnswers
from applications.domain.history import impossible_history
from returners_platform.contracts.events import (
    JobFamilyPreferences,
    Preferences,
    ProfessionalHistory,
    RegistrationHistory,
)
from returners_platform.contracts.vocabulary import JobFamilyCode, ProgrammeId, Region, Specialism
from returners_platform.eligibility import Answers
from returners_platform.validation import FieldProblem, invalid

UK_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


def _uk_postcode(value: str) -> str:
    normalised = " ".join(value.upper().split())
    if not UK_POSTCODE.match(normalised):
        raise ValueError("not a UK postcode")
    return normalised


def _phone(value: str) -> str:
    try:
        parsed = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException as exc:
        raise ValueError("not a phone number") from exc
    if not phonenumbers.is_possible_number(parsed):
        raise ValueError("not a possible phone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


Name = Annotated[str, Field(min_length=1, max_length=100)]


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    given_name: Name
    family_name: Name
    email: EmailStr
    phone: Annotated[str, Field(max_length=32), AfterValidator(_phone)]
    postcode: Annotated[str, Field(max_length=10), AfterValidator(_uk_postcode)]


class Consent(BaseModel):
    model_config = ConfigDict(extra="forbid")

    data_processing: Literal[True] = Field(
        description="Must be true: we cannot process an application without consent"
    )


class Choices(BaseModel):
    """Where and in what the applicant would work: regions, and a social-work programme's
    ``specialisms`` or any programme's ``job_families`` (codes)."""

    model_config = ConfigDict(extra="forbid")

    regions: list[Region] = Field(min_length=1, max_length=9)
    specialisms: list[Specialism] | None = Field(
        default=None, min_length=1, max_length=2, description="With registration"
    )
    job_families: list[JobFamilyCode] | None = Field(
        default=None, min_length=1, max_length=30, description="With history"
    )

    def as_v1(self) -> Preferences:
        return Preferences(regions=self.regions, specialisms=self.specialisms or [])

    def as_v2(self) -> JobFamilyPreferences:
        return JobFamilyPreferences(regions=self.regions, job_families=self.job_families or [])


class Submission(BaseModel):
    model_config = ConfigDict(extra="forbid")

    programme_id: ProgrammeId
    contact: Contact
    right_to_work_uk: bool
    registration: RegistrationHistory | None = Field(
        default=None, description="A social worker's registration history (or history)"
    )
    history: ProfessionalHistory | None = Field(
        default=None,
        description="Any profession's history: the answers the programme's rules read (or "
        "registration)",
    )
    preferences: Choices
    consent: Consent
    equality: EqualityAnswers | None = Field(
        default=None,
        description="Equality monitoring. " + OPTIONAL + ". Held by this service alone, never "
        "in an event; reported only as suppressed counts",
    )

    @model_validator(mode="after")
    def _consistent(self) -> "Submission":
        """Answers that contradict each other (those that depend on today's date are the use
        case's to check: it has the clock)."""
        if (self.registration is None) == (self.history is None):
            raise invalid(
                "Submission", [(("registration",), "give registration or history (one)", None)]
            )
        if self.history is not None and self.preferences.job_families is None:
            raise invalid(
                "Submission", [(("preferences", "job_families"), "required with history", None)]
            )
        if self.registration is not None and self.preferences.specialisms is None:
            raise invalid(
                "Submission",
                [(("preferences", "specialisms"), "required with registration", None)],
            )
        problems: list[FieldProblem] = [
            (tuple(p.field.split(".")), p.message, None)
            for p in impossible_history(self.answered_history, self.history_block)
        ]
        for name in ("regions", "specialisms", "job_families"):
            chosen = getattr(self.preferences, name) or []
            if len(set(chosen)) != len(chosen):
                problems.append((("preferences", name), "has duplicates", chosen))
        if problems:
            raise invalid("Submission", problems)
        return self

    @property
    def history_block(self) -> str:
        """The name of the block the history was given in: ``registration`` or ``history``."""
        return "registration" if self.registration is not None else "history"

    @property
    def answered_history(self) -> RegistrationHistory | ProfessionalHistory:
        history = self.registration if self.registration is not None else self.history
        assert history is not None  # one of the two (checked above)
        return history

    @property
    def job_families(self) -> list[str]:
        """The job families' codes chosen, in order of preference."""
        if self.preferences.job_families is not None:
            return list(self.preferences.job_families)
        return [s.value for s in self.preferences.specialisms or []]

    @property
    def answers(self) -> Answers:
        """What the programme's rules read, as the applicant gave it."""
        if self.registration is not None:
            return Answers.of_registration(self.registration, self.right_to_work_uk)
        assert self.history is not None  # one of the two
        return Answers.of_history(self.history, self.right_to_work_uk)

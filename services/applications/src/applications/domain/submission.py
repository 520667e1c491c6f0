"""What an applicant submits: the application form, validated as a whole.

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
from returners_platform.contracts.events import Preferences, RegistrationHistory
from returners_platform.contracts.vocabulary import ProgrammeId
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


class Submission(BaseModel):
    model_config = ConfigDict(extra="forbid")

    programme_id: ProgrammeId
    contact: Contact
    right_to_work_uk: bool
    registration: RegistrationHistory
    preferences: Preferences
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
        problems: list[FieldProblem] = [
            (tuple(p.field.split(".")), p.message, None)
            for p in impossible_history(self.registration)
        ]
        for name in ("regions", "specialisms"):
            chosen = getattr(self.preferences, name)
            if len(set(chosen)) != len(chosen):
                problems.append((("preferences", name), "has duplicates", chosen))
        if problems:
            raise invalid("Submission", problems)
        return self

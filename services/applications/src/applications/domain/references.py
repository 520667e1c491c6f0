"""References, a condition of an accepted offer: the two referees an applicant gives, how each
knows the applicant (which the applicant may give), and when a referee's one-time link opens
their reference.

The returner-friendly rule: a referee is an ``employer``; someone with no employment in the
last three years (the applicant says so) may give a ``professional`` or ``character`` referee
instead, for either reference. Referees' names, addresses and what they write are personal
data: they stay in this service (``reference.requested`` and ``.received`` carry ids, the
referee's kind and the outcome only).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, EmailStr, Field, model_validator

from applications.domain.status import ApplicationStatus
from returners_platform.contracts.vocabulary import (
    RefereeKind,
    ReferenceNumber,
    ReferenceOutcome,
)
from returners_platform.errors import Refused
from returners_platform.validation import FieldProblem, PlainText, invalid

__all__ = [
    "EMPLOYED",
    "LINK_LIFETIME",
    "REFERENCES",
    "LinkState",
    "RefereeDetails",
    "RefereeKind",
    "Referees",
    "ReferenceAnswer",
    "ReferenceNumber",
    "ReferenceOutcome",
    "allowed_kinds",
    "check_can_give_referees",
    "check_not_the_applicant",
    "kind_problems",
    "link_opens",
]

# A referee's link works this long after the reference was asked for (unless answered).
LINK_LIFETIME = timedelta(days=14)
# The two references, in the order the applicant gives their referees.
REFERENCES = (ReferenceNumber.REFERENCE_1, ReferenceNumber.REFERENCE_2)

EMPLOYED = "employed_in_last_three_years"
_ALWAYS = frozenset({RefereeKind.EMPLOYER})
_WITHOUT_RECENT_EMPLOYMENT = frozenset(RefereeKind)


def allowed_kinds(employed_in_last_three_years: bool) -> frozenset[RefereeKind]:
    """An employer always; a professional or character referee only for someone with no
    employment in the last three years."""
    return _ALWAYS if employed_in_last_three_years else _WITHOUT_RECENT_EMPLOYMENT


def kind_problems(
    kinds: Sequence[RefereeKind], employed_in_last_three_years: bool | None
) -> list[FieldProblem]:
    """Each referee (by position) whose kind the applicant may not give; or, when they give a
    professional or character referee without saying whether they had employment in the last
    three years (None), that answer."""
    if all(kind in _ALWAYS for kind in kinds):
        return []
    if employed_in_last_three_years is None:
        return [
            (
                (EMPLOYED,),
                "tell us whether you had any employment in the last three years: a "
                "professional or character referee is only for someone with none",
                None,
            )
        ]
    allowed = allowed_kinds(employed_in_last_three_years)
    return [
        (
            ("referees", str(i), "relationship"),
            "a professional or character referee is only for someone with no employment in "
            "the last three years; give an employer",
            kind.value,
        )
        for i, kind in enumerate(kinds)
        if kind not in allowed
    ]


Text = Annotated[PlainText, Field(min_length=1, max_length=200)]
# Text of several lines (an address, a reference): no control characters but line breaks.
Lines = Annotated[str, Field(pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$")]


class RefereeDetails(BaseModel):
    """One referee, as the applicant gives them (personal data)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: Text
    email: EmailStr
    relationship: RefereeKind = Field(
        description="How the referee knows the applicant: employer; or professional or "
        "character, only for someone with no employment in the last three years"
    )
    organisation: Annotated[Lines, Field(min_length=1, max_length=500)] | None = Field(
        default=None, description="Their organisation and address, if the applicant gives it"
    )


class Referees(BaseModel):
    """``POST /applications/{id}/referees``: the applicant's two referees, given once an offer
    is accepted."""

    model_config = ConfigDict(extra="forbid")

    employed_in_last_three_years: bool | None = Field(
        default=None,
        description="Whether the applicant had any employment in the last three years; needed "
        "only with a professional or character referee",
    )
    referees: list[RefereeDetails] = Field(min_length=2, max_length=2)

    @model_validator(mode="after")
    def _consistent(self) -> "Referees":
        problems = kind_problems(
            [r.relationship for r in self.referees], self.employed_in_last_three_years
        )
        if len({r.email.lower() for r in self.referees}) < len(self.referees):
            problems.append((("referees", "1", "email"), "give two different referees", None))
        if problems:
            raise invalid("Referees", problems)
        return self


class ReferenceAnswer(BaseModel):
    """What a referee answers through their link: whether they can recommend the applicant,
    and their reference (it stays in this service)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    token: str = Field(min_length=10, max_length=200, description="The link's token")
    outcome: ReferenceOutcome
    statement: Annotated[Lines, Field(min_length=1, max_length=10_000)] = Field(
        description="The reference itself"
    )


def check_can_give_referees(status: ApplicationStatus, already_given: bool) -> None:
    """Referees are given once, after the applicant has accepted an offer."""
    if status != ApplicationStatus.ACCEPTED:
        raise Refused("no_accepted_offer", "referees are given once an offer has been accepted")
    if already_given:
        raise Refused("referees_already_given", "the referees have already been given")


def check_not_the_applicant(referee_emails: Sequence[str], applicant_email: str) -> None:
    """An applicant cannot be their own referee."""
    for i, email in enumerate(referee_emails):
        if email.lower() == applicant_email.lower():
            raise Refused(
                "referee_is_applicant",
                "a referee must be someone other than the applicant",
                f"referees.{i}.email",
            )


@dataclass(frozen=True)
class LinkState:
    """What decides whether a referee's link opens: whose reference the token is, when the
    link expires, whether it has been answered."""

    reference_id: UUID
    expires_at: datetime
    received_at: datetime | None


def link_opens(link: LinkState | None, reference_id: UUID, now: datetime) -> bool:
    """A link opens its own reference only (not another's, even of the same applicant), once
    (not after the answer), until it expires; an unknown token (None) opens nothing."""
    return (
        link is not None
        and link.reference_id == reference_id
        and link.received_at is None
        and now < link.expires_at
    )

"""Events published by the applications service (keyed by application id, but for a sign-in
link request: its own id)."""

from datetime import date
from typing import ClassVar
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from returners_platform.contracts.envelope import EventData
from returners_platform.contracts.retention import ErasureReason
from returners_platform.contracts.vocabulary import (
    BreakReason,
    FieldCode,
    JobFamilyCode,
    RefereeKind,
    ReferenceNumber,
    ReferenceOutcome,
    Region,
    ReregistrationDecision,
    Specialism,
)


class RegistrationHistory(BaseModel):
    """What the applicant told us about their registration; no registration number."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    body: str | None = Field(
        description="Register the applicant was on (HCPC, GSCC, SWE...); null if never",
        pattern=r"^[A-Z][A-Z0-9_]{1,31}$",
    )
    first_registered: date | None
    last_practised: date
    statutory_practice_years: float = Field(ge=0, le=70)
    currently_practising: bool
    conditions_of_practice: bool


class Preferences(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    regions: list[Region] = Field(min_length=1, max_length=9)
    specialisms: list[Specialism] = Field(min_length=1, max_length=2)


class ApplicationSubmitted(EventData):
    event_type: ClassVar[str] = "returners.application.submitted.v1"

    application_id: UUID
    programme_id: str
    submitted_at: AwareDatetime
    right_to_work_uk: bool
    registration: RegistrationHistory
    preferences: Preferences


class Experience(BaseModel):
    """Years of experience in one field (a programme's ``relevant_experience`` rule counts the
    fields it names)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    field: FieldCode
    years: float = Field(ge=0, le=70)


class Break(BaseModel):
    """A career break: why, and how long (a programme's ``career_break`` rule reads it)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reason: BreakReason
    months: int = Field(ge=0, le=840)


class ProfessionalHistory(BaseModel):
    """What the applicant said of their professional history, for any profession: the
    answers a programme's rules read. An answer the programme does not ask for may be left
    out; one its rules read is required (the applications service says which, naming it).
    No registration number."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    last_practised: date = Field(description="The last day in practice in the profession")
    currently_practising: bool
    body: str | None = Field(
        default=None,
        description="The register the applicant was on, where the profession has one",
        pattern=r"^[A-Z][A-Z0-9_]{1,31}$",
    )
    first_registered: date | None = None
    conditions_of_practice: bool | None = Field(
        default=None, description="Conditions of practice or a suspension, where a register"
    )
    statutory_practice_years: float | None = Field(default=None, ge=0, le=70)
    experience: list[Experience] | None = Field(default=None, max_length=20)
    career_break: Break | None = None


class JobFamilyPreferences(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    regions: list[Region] = Field(min_length=1, max_length=9)
    job_families: list[JobFamilyCode] = Field(min_length=1, max_length=30)


class ApplicationSubmittedV2(EventData):
    """``application.submitted`` for any profession: the professional history the programme
    asks for, and the programme's job families chosen (codes). A social worker's application
    in today's shape (``registration``, ``specialisms``) stays v1."""

    event_type: ClassVar[str] = "returners.application.submitted.v2"

    application_id: UUID
    programme_id: str
    submitted_at: AwareDatetime
    right_to_work_uk: bool
    history: ProfessionalHistory
    preferences: JobFamilyPreferences


AnyApplicationSubmitted = ApplicationSubmitted | ApplicationSubmittedV2


def as_history(data: AnyApplicationSubmitted) -> ProfessionalHistory:
    """The professional history of an application of either version."""
    if isinstance(data, ApplicationSubmittedV2):
        return data.history
    return ProfessionalHistory(**data.registration.model_dump())


def job_families_chosen(data: AnyApplicationSubmitted) -> list[str]:
    """The job families' codes an application chose, in order of preference."""
    if isinstance(data, ApplicationSubmittedV2):
        return list(data.preferences.job_families)
    return [s.value for s in data.preferences.specialisms]


class ApplicationWithdrawn(EventData):
    event_type: ClassVar[str] = "returners.application.withdrawn.v1"

    application_id: UUID
    programme_id: str
    withdrawn_at: AwareDatetime


class PlacementAccepted(EventData):
    event_type: ClassVar[str] = "returners.placement.accepted.v1"

    application_id: UUID
    programme_id: str
    offer_id: UUID
    council_id: UUID
    vacancy_id: UUID
    accepted_at: AwareDatetime


class PlacementDeclined(EventData):
    event_type: ClassVar[str] = "returners.placement.declined.v1"

    application_id: UUID
    programme_id: str
    offer_id: UUID
    council_id: UUID
    vacancy_id: UUID
    declined_at: AwareDatetime


class InterviewBookingRequested(EventData):
    """The applicant asked (through the portal) to book or move to a slot, or, with no slot,
    to cancel; the selection service answers ``interview.booked``, ``.cancelled`` or
    ``.slot_unavailable`` with the same ``request_id``."""

    event_type: ClassVar[str] = "returners.interview.booking_requested.v1"

    application_id: UUID
    programme_id: str
    request_id: UUID
    slot_id: UUID | None = Field(description="null cancels the booking")
    requested_at: AwareDatetime


class ApplicantErased(EventData):
    """The applicant's personal data was erased (UK GDPR); statistics remain."""

    event_type: ClassVar[str] = "returners.applicant.erased.v1"

    application_id: UUID
    programme_id: str
    erased_at: AwareDatetime
    reason: ErasureReason = Field(
        default=ErasureReason.REQUEST,
        description="request: the applicant or operations asked; retention: the programme's "
        "retention period passed",
    )


class SignInLinkRequested(EventData):
    """Someone asked for a one-time link to sign in, or to come back to a saved application.

    It carries only the request's id, the same whoever asked: whether the address given was
    known, whose it is and the link itself stay in the applications service; notifications
    asks for them (``POST /internal/sign-in-links/{id}/issue``) when it sends the email.
    """

    event_type: ClassVar[str] = "returners.sign_in_link.requested.v1"
    key_field: ClassVar[str] = "sign_in_request_id"

    sign_in_request_id: UUID
    requested_at: AwareDatetime


class ReferenceRequested(EventData):
    """The applicant gave a referee, whose reference is now asked for by a one-time link.

    Only ids travel: who the referee is, where to write to them and the link stay in the
    applications service; notifications asks for them
    (``POST /internal/references/{reference_id}/issue``) when it sends the email.
    """

    event_type: ClassVar[str] = "returners.reference.requested.v1"

    application_id: UUID
    programme_id: str
    reference_id: UUID
    reference: ReferenceNumber = Field(description="Which of the two references is asked for")
    requested_at: AwareDatetime


class ReferenceReceived(EventData):
    """A referee answered (through their one-time link). Only the outcome travels: who the
    referee is and what they wrote stay in the applications service."""

    event_type: ClassVar[str] = "returners.reference.received.v1"

    application_id: UUID
    programme_id: str
    reference_id: UUID
    reference: ReferenceNumber = Field(description="Which of the two references it answers")
    referee_kind: RefereeKind
    outcome: ReferenceOutcome
    received_at: AwareDatetime


class ReregistrationReported(EventData):
    """The returner reported (through the applications service) their application for
    restoration to the register and the regulator's decision so far. Dates and a decision
    code only; the training service records it on the completed placement."""

    event_type: ClassVar[str] = "returners.reregistration.reported.v1"

    application_id: UUID
    programme_id: str
    applied_on: date = Field(description="When the returner applied for restoration")
    decision: ReregistrationDecision
    decided_on: date | None = Field(
        description="When the regulator decided; required when restored, null while pending"
    )
    reported_at: AwareDatetime

    @model_validator(mode="after")
    def _decided_on(self) -> "ReregistrationReported":
        if self.decision == ReregistrationDecision.RESTORED and self.decided_on is None:
            raise ValueError("a restoration has the date the regulator decided it")
        if self.decision == ReregistrationDecision.PENDING and self.decided_on is not None:
            raise ValueError("a pending application has no decision date")
        if self.decided_on is not None and self.decided_on < self.applied_on:
            raise ValueError("decided_on is on or after applied_on")
        return self

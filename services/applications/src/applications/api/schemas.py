"""Request and response bodies of the applicant portal API (field names are the contract)."""

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from applications.domain.submission import Submission
from applications.use_cases.status import StatusView
from returners_platform.contracts.vocabulary import (
    EligibilityReason,
    Region,
    SelectionReason,
    Specialism,
)

__all__ = ["Submission"]  # the request body of POST /applications (applications.domain)


class Submitted(BaseModel):
    application_id: UUID
    access_token: str | None = Field(
        description="Shown once; a replay of the same Idempotency-Key within its window "
        "shows it again"
    )
    status: Literal["submitted"] = "submitted"


class Eligibility(BaseModel):
    eligible: bool
    reasons: list[EligibilityReason]
    updating_days: int | None
    years_out_of_practice: float | None = None
    decided_at: datetime | None = None


class Offer(BaseModel):
    offer_id: UUID
    council_id: UUID
    vacancy_id: UUID
    region: Region
    specialism: Specialism
    updating_days: int
    starts_on: date
    offered_at: datetime
    expires_at: datetime
    status: Literal["offered", "accepted", "declined", "expired", "withdrawn"]
    answered_at: datetime | None


class TimelineEntry(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: str
    at: datetime


class InterviewView(BaseModel):
    """The interview booked (none yet while a first request is pending or was refused)."""

    slot_id: UUID | None = None
    starts_at: datetime | None = None
    status: str | None = Field(
        default=None, description="booked, attended, did_not_attend; null if none"
    )
    request: dict[str, Any] | None = Field(
        default=None, description="The latest booking request: pending, booked, unavailable"
    )


class SelectionView(BaseModel):
    """Where selection has got with the application (programmes with selection)."""

    stage: Literal["assessment", "interview", "results"]
    assessment_score: float | None
    interview: InterviewView | None
    outcome: Literal["selected", "waitlisted", "rejected"] | None
    rank: int | None
    reasons: list[SelectionReason]
    feedback: list[str] | None = Field(description="The panel's, once the results are out")

    @classmethod
    def of(cls, state: dict[str, Any], feedback: list[str] | None) -> "SelectionView":
        interview = state.get("interview")
        return cls(
            stage=state["stage"],
            assessment_score=state.get("assessment_score"),
            interview=InterviewView.model_validate(interview) if interview else None,
            outcome=state.get("outcome"),
            rank=state.get("rank"),
            reasons=state.get("reasons", []),
            feedback=feedback,
        )


class ApplicationView(BaseModel):
    """What an applicant sees of their application (``GET /applications/{id}``)."""

    application_id: UUID
    programme_id: str
    status: Literal[
        "submitted",
        "eligible",
        "ineligible",
        "invited",
        "interviewing",
        "selected",
        "waitlisted",
        "rejected",
        "offered",
        "accepted",
        "hired",
        "withdrawn",
    ]
    submitted_at: datetime
    eligibility: Eligibility | None
    offers: list[Offer]
    timeline: list[TimelineEntry]
    personal_data_erased: bool
    selection: SelectionView | None = None

    @classmethod
    def of(cls, view: StatusView) -> "ApplicationView":
        return cls(
            application_id=view.application_id,
            programme_id=view.programme_id,
            status=view.status.value,
            submitted_at=view.submitted_at,
            eligibility=Eligibility.model_validate(view.eligibility) if view.eligibility else None,
            offers=[Offer.model_validate(o, from_attributes=True) for o in view.offers],
            timeline=[TimelineEntry(type=e.type, at=e.at, **e.details) for e in view.timeline],
            personal_data_erased=view.personal_data_erased,
            selection=SelectionView.of(view.selection, view.feedback)
            if view.selection and view.selection.get("stage")
            else None,
        )


class ContactDetails(BaseModel):
    """What notifications may look up at send time (internal endpoint only)."""

    given_name: str
    family_name: str
    email: str

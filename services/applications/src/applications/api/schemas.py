"""Request and response bodies of the applicant portal API (field names are the contract)."""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from applications.domain.submission import Submission
from applications.use_cases.status import StatusView
from returners_platform.contracts.vocabulary import EligibilityReason, Region, Specialism

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


class ApplicationView(BaseModel):
    """What an applicant sees of their application (``GET /applications/{id}``)."""

    application_id: UUID
    programme_id: str
    status: Literal[
        "submitted", "eligible", "ineligible", "offered", "accepted", "hired", "withdrawn"
    ]
    submitted_at: datetime
    eligibility: Eligibility | None
    offers: list[Offer]
    timeline: list[TimelineEntry]
    personal_data_erased: bool

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
        )


class ContactDetails(BaseModel):
    """What notifications may look up at send time (internal endpoint only)."""

    given_name: str
    family_name: str
    email: str

"""Events published by the matching service."""

from datetime import date
from typing import ClassVar
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from returners_platform.contracts.envelope import EventData
from returners_platform.contracts.events.selection import SelectionRules
from returners_platform.contracts.retention import RetentionPeriods
from returners_platform.contracts.vocabulary import (
    EligibilityReason,
    ProgrammeId,
    Region,
    Specialism,
)


class UpdatingBand(BaseModel):
    """Days of updating required from ``from_years`` out of practice (inclusive)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    from_years: int = Field(ge=0, le=60)
    days: int = Field(ge=0, le=365)


class ProgrammePublished(EventData):
    event_type: ClassVar[str] = "returners.programme.published.v1"
    key_field: ClassVar[str] = "programme_id"

    programme_id: ProgrammeId
    title: str
    profession: str
    opens_at: AwareDatetime
    closes_at: AwareDatetime
    timezone: str
    starts_on: date
    places: int = Field(ge=1)
    min_years_out: int | None = Field(ge=0)
    max_years_out: int | None = Field(ge=0)
    min_statutory_years: float = Field(ge=0)
    updating_days: list[UpdatingBand]
    offer_window_days: float = Field(
        gt=0, description="Days an offer stays open; may be fractional (a demo cohort)"
    )
    regions: list[Region]
    specialisms: list[Specialism]
    recognised_bodies: list[str]
    published_at: AwareDatetime


class ProgrammePublishedV2(ProgrammePublished):
    """``programme.published`` with the programme's selection rules (null: none, every
    eligible applicant is matched). Consumers accept v1 as v2 without selection."""

    event_type: ClassVar[str] = "returners.programme.published.v2"

    selection: SelectionRules | None = None
    retention: RetentionPeriods = Field(
        default_factory=RetentionPeriods,
        description="How long applicants' personal data is kept; absent: the defaults",
    )


def as_v2(programme: ProgrammePublished) -> ProgrammePublishedV2:
    """Either version of ``programme.published`` as v2."""
    if isinstance(programme, ProgrammePublishedV2):
        return programme
    return ProgrammePublishedV2(**programme.model_dump())


class CouncilRegistered(EventData):
    event_type: ClassVar[str] = "returners.council.registered.v1"
    key_field: ClassVar[str] = "council_id"

    council_id: UUID
    name: str = Field(description="The council's public name (an organisation, not a person)")
    registered_at: AwareDatetime


class VacancyPublished(EventData):
    """A vacancy was posted or changed; ``revision`` grows with every change."""

    event_type: ClassVar[str] = "returners.vacancy.published.v1"
    key_field: ClassVar[str] = "council_id"

    vacancy_id: UUID
    council_id: UUID
    programme_id: str
    region: Region
    specialism: Specialism
    slots: int = Field(ge=1)
    starts_on: date
    revision: int = Field(ge=1)
    published_at: AwareDatetime


class VacancyClosed(EventData):
    event_type: ClassVar[str] = "returners.vacancy.closed.v1"
    key_field: ClassVar[str] = "council_id"

    vacancy_id: UUID
    council_id: UUID
    programme_id: str
    closed_at: AwareDatetime


class EligibilityDecided(EventData):
    event_type: ClassVar[str] = "returners.eligibility.decided.v1"

    application_id: UUID
    programme_id: str
    eligible: bool
    reasons: list[EligibilityReason] = Field(description="Every failed rule; empty when eligible")
    updating_days: int | None = Field(description="Days of updating required; null if ineligible")
    years_out_of_practice: float = Field(description="From last practised to programme start")
    decided_at: AwareDatetime


class OfferTerms(BaseModel):
    """A placement offer's terms: where and in what, the updating it asks for, when the
    placement starts, and how long the offer stays open. ``placement.offered`` states them;
    the applicant's and the council's views of an offer show them as stated."""

    region: Region
    specialism: Specialism
    updating_days: int
    starts_on: date
    offered_at: AwareDatetime
    expires_at: AwareDatetime


class PlacementOffered(EventData, OfferTerms):
    event_type: ClassVar[str] = "returners.placement.offered.v1"

    offer_id: UUID
    application_id: UUID
    programme_id: str
    council_id: UUID
    vacancy_id: UUID


class PlacementOfferExpired(EventData):
    event_type: ClassVar[str] = "returners.placement.offer_expired.v1"

    offer_id: UUID
    application_id: UUID
    programme_id: str
    council_id: UUID
    vacancy_id: UUID
    expired_at: AwareDatetime


class ReturnerHired(EventData):
    event_type: ClassVar[str] = "returners.returner.hired.v1"

    application_id: UUID
    programme_id: str
    council_id: UUID
    vacancy_id: UUID
    offer_id: UUID
    hired_at: AwareDatetime

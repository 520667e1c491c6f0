"""Events published by the matching service."""

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from returners_platform.contracts.eligibility_rules import EligibilityRules, social_work_rules
from returners_platform.contracts.envelope import EventData
from returners_platform.contracts.events.selection import SelectionRules
from returners_platform.contracts.retention import RetentionPeriods
from returners_platform.contracts.vocabulary import (
    SPECIALISM_LABELS,
    EligibilityReason,
    JobFamilyCode,
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


class JobFamily(BaseModel):
    """One of a programme's job families (the vacancies it offers, and what applicants
    choose): a stable code and the label people read."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: JobFamilyCode
    label: str = Field(min_length=1, max_length=100)


class ProgrammePublishedV3(EventData):
    """``programme.published`` for any profession: the programme's own job families and
    eligibility rules are data. A social-work programme published as v1 or v2 reads as v3
    with children's and adults' services and social work's seven rules (``as_v3``).

    The training requirement is ``updating_days``: days by band of time out of practice, or
    one band from 0 years for a fixed number of days."""

    event_type: ClassVar[str] = "returners.programme.published.v3"
    key_field: ClassVar[str] = "programme_id"

    programme_id: ProgrammeId
    title: str
    profession: str
    opens_at: AwareDatetime
    closes_at: AwareDatetime
    timezone: str
    starts_on: date
    places: int = Field(ge=1)
    updating_days: list[UpdatingBand]
    offer_window_days: float = Field(gt=0)
    regions: list[Region]
    job_families: list[JobFamily] = Field(min_length=1, max_length=30)
    eligibility: EligibilityRules
    selection: SelectionRules | None = None
    retention: RetentionPeriods = Field(default_factory=RetentionPeriods)
    published_at: AwareDatetime

    @property
    def job_family_codes(self) -> list[str]:
        return [family.code for family in self.job_families]


AnyProgrammePublished = ProgrammePublished | ProgrammePublishedV3


def as_v3(programme: AnyProgrammePublished) -> ProgrammePublishedV3:
    """Any version of ``programme.published`` as v3."""
    if isinstance(programme, ProgrammePublishedV3):
        return programme
    v2 = as_v2(programme)
    return ProgrammePublishedV3(
        **v2.model_dump(
            exclude={
                "specialisms",
                "recognised_bodies",
                "min_statutory_years",
                "min_years_out",
                "max_years_out",
            }
        ),
        job_families=[JobFamily(code=s.value, label=SPECIALISM_LABELS[s]) for s in v2.specialisms],
        eligibility=social_work_rules(
            recognised_bodies=tuple(b.upper() for b in v2.recognised_bodies),
            min_statutory_years=v2.min_statutory_years,
            min_years_out=v2.min_years_out,
            max_years_out=v2.max_years_out,
        ),
    )


# The versions matching publishes today: v2 for a social-work programme defined by its
# specialisms and fields, v3 for one whose job families and rules are data.
PublishedProgramme = ProgrammePublishedV2 | ProgrammePublishedV3


def published_from_json(document: Mapping[str, Any]) -> PublishedProgramme:
    """A programme kept as it was published (v1, v2 or v3 payload, as JSON), as v2 or v3."""
    if "eligibility" in document:
        return ProgrammePublishedV3.model_validate(document)
    return ProgrammePublishedV2.model_validate(document)


def programme_from_json(document: Mapping[str, Any]) -> ProgrammePublishedV3:
    """A programme kept as it was published (any version's payload, as JSON) as v3."""
    return as_v3(published_from_json(document))


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


class VacancyPublishedV2(EventData):
    """``vacancy.published`` in a programme whose job families are data (one published as
    ``programme.published`` v3): ``job_family`` is one of its codes. Vacancies of a
    social-work programme published as v2 stay v1."""

    event_type: ClassVar[str] = "returners.vacancy.published.v2"
    key_field: ClassVar[str] = "council_id"

    vacancy_id: UUID
    council_id: UUID
    programme_id: str
    region: Region
    job_family: JobFamilyCode
    slots: int = Field(ge=1)
    starts_on: date
    revision: int = Field(ge=1)
    published_at: AwareDatetime


AnyVacancyPublished = VacancyPublished | VacancyPublishedV2


def job_family_of(data: "VacancyPublished | VacancyPublishedV2 | OfferTerms | OfferTermsV2") -> str:
    """The job family's code of a vacancy or an offer, whichever version."""
    return (
        data.job_family
        if isinstance(data, VacancyPublishedV2 | OfferTermsV2)
        else data.specialism.value
    )


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


class OfferTermsV2(BaseModel):
    """An offer's terms in a programme whose job families are data: ``job_family`` (one of
    the programme's codes) where v1 has social work's ``specialism``."""

    region: Region
    job_family: JobFamilyCode
    updating_days: int
    starts_on: date
    offered_at: AwareDatetime
    expires_at: AwareDatetime


class PlacementOfferedV2(EventData, OfferTermsV2):
    """``placement.offered`` in a programme published as v3 (offers in a social-work
    programme published as v2 stay v1)."""

    event_type: ClassVar[str] = "returners.placement.offered.v2"

    offer_id: UUID
    application_id: UUID
    programme_id: str
    council_id: UUID
    vacancy_id: UUID


AnyPlacementOffered = PlacementOffered | PlacementOfferedV2


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

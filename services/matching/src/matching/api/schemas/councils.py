"""Bodies of the council API and of council registration."""

from dataclasses import asdict
from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from matching.domain.offers import OfferStatus
from matching.store.vacancies import Vacancy
from returners_platform.contracts.events import OfferTerms
from returners_platform.contracts.vocabulary import (
    JobFamilyCode,
    OfferWithdrawalReason,
    PlacementWithdrawalReason,
    ProgrammeId,
    Region,
)
from returners_platform.validation import PlainText, field_error

Slots = Annotated[int, Field(ge=1, le=1000)]


class CouncilRegistration(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: PlainText = Field(min_length=2, max_length=200, examples=["Buckinghamshire Council"])


class CouncilKey(BaseModel):
    council_id: UUID
    api_key: str = Field(description="Shown once; only its hash is stored")


class RegisteredCouncil(CouncilKey):
    name: str
    registered_at: datetime


class NewVacancy(BaseModel):
    model_config = ConfigDict(extra="forbid")

    programme_id: ProgrammeId
    region: Region
    specialism: JobFamilyCode = Field(
        description="One of the programme's job families (children or adults in social work)"
    )
    slots: Slots
    starts_on: date


class VacancyChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slots: Slots | None = None
    starts_on: date | None = None

    @model_validator(mode="after")
    def _something(self) -> "VacancyChange":
        if self.slots is None and self.starts_on is None:
            raise field_error("VacancyChange", ("slots",), "give slots or starts_on", None)
        return self


class VacancyView(BaseModel):
    vacancy_id: UUID
    council_id: UUID
    programme_id: str
    region: Region
    specialism: JobFamilyCode = Field(
        description="One of the programme's job families (children or adults in social work)"
    )
    slots: int
    slots_taken: int = Field(description="Slots held by offers outstanding, accepted or hired")
    starts_on: date
    revision: int
    published_at: datetime
    closed_at: datetime | None
    status: str = Field(description="open or closed")

    @classmethod
    def of(cls, vacancy: Vacancy) -> "VacancyView":
        return cls.model_validate(
            {**asdict(vacancy), "status": "closed" if vacancy.closed_at else "open"}
        )


class CouncilOffer(OfferTerms):
    """An offer the council's vacancy made: its terms as ``placement.offered`` stated them,
    the applicant's answer and the hire."""

    specialism: JobFamilyCode = Field(  # type: ignore[assignment]
        description="The job family's code (children or adults in a social-work programme)"
    )
    offer_id: UUID
    application_id: UUID
    programme_id: str
    vacancy_id: UUID
    council_id: UUID
    status: OfferStatus
    answered_at: datetime | None
    hired_at: datetime | None
    withdrawal_reason: OfferWithdrawalReason | None = Field(
        default=None,
        description="Why matching withdrew the offer (conditions_not_met); null otherwise, and "
        "for the applicant's own withdrawal",
    )
    placement_withdrawn_at: datetime | None = Field(
        default=None, description="When the returner left the placement this offer opened"
    )
    placement_withdrawal_reason: PlacementWithdrawalReason | None = None


class HireReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    application_id: UUID


class Hire(BaseModel):
    application_id: UUID
    council_id: UUID
    vacancy_id: UUID
    offer_id: UUID
    programme_id: str
    hired_at: datetime

"""Request and response bodies of the training API (field names are the public contract)."""

from datetime import date, datetime
from typing import Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from returners_platform.contracts.vocabulary import (
    ConditionNotMetReason,
    ConditionStatus,
    HoursKind,
    HoursLoggedBy,
    PlacementCondition,
    PlacementWithdrawalReason,
    ProgrammeId,
    ReregistrationDecision,
    ReregistrationReportedBy,
)
from returners_platform.validation import PlainText, invalid
from training.domain.hours import MAX_HOURS_PER_ENTRY
from training.domain.placements import PlacementStatus
from training.store.hours import LoggedEntry
from training.use_cases.placements import PlacementView as Found


class ConditionBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: ConditionStatus
    reason: ConditionNotMetReason | None = Field(
        default=None, description="Why not met: required with not_met, absent otherwise"
    )

    @model_validator(mode="after")
    def _reason_with_not_met(self) -> Self:
        if self.status == ConditionStatus.NOT_MET and self.reason is None:
            raise invalid("ConditionBody", [(("reason",), "required when not met", None)])
        if self.status != ConditionStatus.NOT_MET and self.reason is not None:
            raise invalid(
                "ConditionBody", [(("reason",), "only a condition not met has a reason", None)]
            )
        return self


class StartBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    starts_on: date


class EndBody(BaseModel):
    """Optional: with no body, the placement ends today, signed off by the council."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    ended_on: date | None = Field(default=None, description="Absent: today")
    signed_off_by: PlainText | None = Field(
        default=None,
        min_length=2,
        max_length=200,
        description="Who at the council signs the updating record off (name or role); "
        "absent: the council",
    )


class MentorBody(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: PlainText = Field(min_length=2, max_length=200, description="The mentor's name")


class WithdrawBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: PlacementWithdrawalReason


class HoursBody(BaseModel):
    """One entry; with ``supersedes``, a correction of that entry (0 hours cancels it)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    on: date = Field(description="The day the hours were worked")
    hours: float = Field(ge=0, le=MAX_HOURS_PER_ENTRY)
    kind: HoursKind
    supersedes: UUID | None = Field(default=None, description="The entry this one corrects")
    note: PlainText | None = Field(default=None, max_length=500)


class ReregistrationBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    applied_on: date
    decision: ReregistrationDecision
    decided_on: date | None = Field(
        default=None, description="Required when restored; absent while pending"
    )


class ProviderRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: PlainText = Field(min_length=2, max_length=200, description="The organisation")
    programme_id: ProgrammeId


class IssuedProvider(BaseModel):
    provider_id: UUID
    programme_id: str
    name: str
    api_key: str = Field(description="Shown once; only its hash is stored")


class ConditionView(BaseModel):
    status: ConditionStatus
    reason: ConditionNotMetReason | None
    recorded_at: datetime


class ReregistrationView(BaseModel):
    """The returner's restoration application and the regulator's decision, as last reported."""

    applied_on: date
    decision: ReregistrationDecision
    decided_on: date | None
    reported_by: ReregistrationReportedBy


class PlacementStatusView(BaseModel):
    """A placement's status: conditions, hours against the requirement, dates, restoration."""

    placement_id: UUID
    status: PlacementStatus
    conditions: dict[PlacementCondition, ConditionView]
    hours_logged: float
    hours_required: float
    hours_by_kind: dict[HoursKind, float]
    started_on: date | None
    ended_on: date | None
    completed_on: date | None
    reregistered_on: date | None = Field(description="The regulator's decision, when restored")
    reregistration: ReregistrationView | None = Field(
        description="The restoration application as last reported (restored, refused or "
        "pending); null before any"
    )

    @classmethod
    def of(cls, found: Found) -> Self:
        p = found.placement
        return cls(
            placement_id=p.placement_id,
            status=p.status,
            conditions={
                c.condition: ConditionView(
                    status=c.status, reason=c.reason, recorded_at=c.recorded_at
                )
                for c in found.conditions
            },
            hours_logged=found.hours_logged,
            hours_required=p.required_hours,
            hours_by_kind=found.hours_by_kind,
            started_on=p.started_on,
            ended_on=p.ended_on,
            completed_on=p.completed_on,
            reregistered_on=p.reregistration_decided_on if p.reregistered_at else None,
            reregistration=ReregistrationView(
                applied_on=p.reregistration_applied_on,
                decision=ReregistrationDecision(p.reregistration_decision),
                decided_on=p.reregistration_decided_on,
                reported_by=p.reregistration_reported_by,
            )
            if p.reregistration_applied_on
            and p.reregistration_decision
            and p.reregistration_reported_by
            else None,
        )


class PlacementView(PlacementStatusView):
    """A placement as its council sees it."""

    application_id: UUID
    programme_id: str
    council_id: UUID
    vacancy_id: UUID
    region: str
    updating_days: int
    offered_starts_on: date
    withdrawal_reason: PlacementWithdrawalReason | None
    mentor_name: str | None
    signed_off_by: str | None

    @classmethod
    def of(cls, found: Found) -> Self:
        p = found.placement
        return cls(
            **PlacementStatusView.of(found).model_dump(),
            application_id=p.application_id,
            programme_id=p.programme_id,
            council_id=p.council_id,
            vacancy_id=p.vacancy_id,
            region=p.region,
            updating_days=p.updating_days,
            offered_starts_on=p.offered_starts_on,
            withdrawal_reason=p.withdrawal_reason,
            mentor_name=p.mentor_name,
            signed_off_by=p.signed_off_by,
        )


class EntryView(BaseModel):
    entry_id: UUID
    on: date
    hours: float
    kind: HoursKind
    supersedes: UUID | None
    superseded_by: UUID | None
    logged_by: HoursLoggedBy
    note: str | None
    logged_at: datetime

    @classmethod
    def of(cls, entry: LoggedEntry) -> Self:
        return cls.model_validate({**entry.__dict__, "on": entry.worked_on}, from_attributes=False)


class RowProblem(BaseModel):
    row: int = Field(description="The file's line (the header is 1)")
    field: str
    message: str


class HoursFileLogged(BaseModel):
    accepted: int
    entries: list[UUID] = Field(description="The entries saved, in the file's order")
    errors: list[RowProblem]

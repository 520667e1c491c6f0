"""Request and response bodies of the applicant portal API (field names are the contract)."""

from datetime import date, datetime
from typing import Any, Literal, Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, EmailStr, Field, model_validator

from applications.domain import equality, training
from applications.domain.drafts import DraftAnswers
from applications.domain.references import Referees, ReferenceAnswer
from applications.domain.sign_in import Purpose
from applications.domain.submission import Submission
from applications.store.drafts import Draft
from applications.store.placements import Placement
from applications.store.references import Reference
from applications.use_cases.sessions import OpenedSession
from applications.use_cases.status import StatusView
from returners_platform.contracts.eligibility_rules import EligibilityRules
from returners_platform.contracts.events import JobFamily, OfferTerms, programme_from_json
from returners_platform.contracts.retention import (
    ErasureReason,
    RetentionPeriods,
    RetentionPurpose,
)
from returners_platform.contracts.vocabulary import (
    ConditionNotMetReason,
    ConditionStatus,
    EligibilityReason,
    HoursKind,
    JobFamilyCode,
    OfferWithdrawalReason,
    PlacementCondition,
    PlacementWithdrawalReason,
    RefereeKind,
    ReferenceNumber,
    Region,
    ReregistrationDecision,
    SelectionReason,
    Specialism,
)
from returners_platform.validation import invalid

# Request bodies defined by the domain: POST /applications, PATCH /drafts/{id},
# POST /applications/{id}/referees, POST /references/{id}/answer.
__all__ = ["DraftAnswers", "Referees", "ReferenceAnswer", "Submission"]


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


class Offer(OfferTerms):
    """An offer made to the applicant: its terms as ``placement.offered`` stated them, and
    the applicant's answer."""

    specialism: JobFamilyCode = Field(  # type: ignore[assignment]
        description="The job family's code (children or adults in a social-work programme)"
    )
    offer_id: UUID
    council_id: UUID
    vacancy_id: UUID
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


class ConditionView(BaseModel):
    condition: PlacementCondition
    status: ConditionStatus
    reason: ConditionNotMetReason | None = Field(description="Why not met; null otherwise")
    recorded_at: datetime | None


class OfferWithdrawalView(BaseModel):
    """Why the accepted offer was withdrawn: the condition not met, and why it was not."""

    reason: OfferWithdrawalReason
    condition: PlacementCondition
    condition_reason: ConditionNotMetReason | None
    withdrawn_at: datetime


class HoursView(BaseModel):
    logged: float = Field(description="Effective hours so far (corrections count once)")
    required: float = Field(description="The updating requirement (updating days x 7)")
    remaining: float
    days_logged: float = Field(description="The hours as days of updating (7 hours a day)")
    by_kind: dict[HoursKind, float] | None = Field(description="Once completed")


class ReregistrationView(BaseModel):
    applied_on: date | None = Field(description="As the returner reported it")
    decision: ReregistrationDecision | None = Field(description="As the returner last reported it")
    decided_on: date | None = Field(description="As the returner reported it")
    reported_at: datetime | None
    confirmed_at: datetime | None = Field(description="When the training service recorded it")
    restored_on: date | None = Field(description="The regulator's decision, as confirmed")


class PlacementView(BaseModel):
    """The placement the accepted offer opened, as the training service reported it."""

    placement_id: UUID
    council_id: UUID
    stage: training.PlacementStage
    starts_on: date | None = Field(description="The start the offer stated")
    updating_days: int | None
    conditions: list[ConditionView]
    conditions_met_at: datetime | None
    offer_withdrawal: OfferWithdrawalView | None
    started_on: date | None
    hours: HoursView | None = Field(description="Once the requirement is known")
    completed_on: date | None
    withdrawn_at: datetime | None = Field(description="When the returner left the placement")
    withdrawal_reason: PlacementWithdrawalReason | None
    reregistration: ReregistrationView | None

    @classmethod
    def of(cls, placement: Placement) -> "PlacementView":
        required = placement.required_hours
        hours = training.Hours(placement.total_hours, required) if required is not None else None
        withdrawal = placement.offer_withdrawal
        reported = placement.reregistration_reported_at or placement.reregistered_at
        return cls(
            placement_id=placement.placement_id,
            council_id=placement.council_id,
            stage=training.stage(placement.facts),
            starts_on=placement.starts_on,
            updating_days=placement.updating_days,
            conditions=[
                ConditionView.model_validate(c, from_attributes=True)
                for c in training.conditions(
                    [PlacementCondition(c) for c in placement.conditions],
                    placement.condition_records,
                )
            ],
            conditions_met_at=placement.conditions_met_at,
            offer_withdrawal=OfferWithdrawalView(
                **withdrawal, withdrawn_at=placement.offer_withdrawn_at
            )
            if withdrawal and placement.offer_withdrawn_at
            else None,
            started_on=placement.started_on,
            hours=HoursView(
                logged=hours.logged,
                required=hours.required,
                remaining=hours.remaining,
                days_logged=hours.days_logged,
                by_kind=placement.hours_by_kind,
            )
            if hours
            else None,
            completed_on=placement.completed_on,
            withdrawn_at=placement.withdrawn_at,
            withdrawal_reason=placement.withdrawal_reason,
            reregistration=ReregistrationView(
                applied_on=placement.reregistration_applied_on,
                decision=placement.reregistration_decision,
                decided_on=placement.reregistration_decided_on,
                reported_at=placement.reregistration_reported_at,
                confirmed_at=placement.reregistered_at,
                restored_on=placement.reregistered_on,
            )
            if reported
            else None,
        )


class ReregistrationReport(BaseModel):
    """The returner's report of their application for restoration to the register and the
    regulator's decision so far."""

    model_config = ConfigDict(extra="forbid")

    applied_on: date = Field(description="When they applied for restoration")
    decision: ReregistrationDecision
    decided_on: date | None = Field(
        default=None,
        description="When the regulator decided: required when restored or refused, absent "
        "while pending",
    )

    @model_validator(mode="after")
    def _decided_on_with_a_decision(self) -> Self:
        if self.decision == ReregistrationDecision.PENDING and self.decided_on is not None:
            raise invalid(
                "ReregistrationReport",
                [(("decided_on",), "a pending application has no decision date", self.decided_on)],
            )
        if self.decision != ReregistrationDecision.PENDING and self.decided_on is None:
            raise invalid(
                "ReregistrationReport",
                [(("decided_on",), f"required when {self.decision}", None)],
            )
        return self

    @property
    def reported(self) -> training.Reregistration:
        return training.Reregistration(self.applied_on, self.decision, self.decided_on)


class ReferenceView(BaseModel):
    """Where one of the applicant's references stands (never who wrote it, nor what)."""

    reference: ReferenceNumber
    referee_kind: RefereeKind
    status: Literal["requested", "received"]
    requested_at: datetime
    received_at: datetime | None

    @classmethod
    def of(cls, reference: Reference) -> "ReferenceView":
        return cls(
            reference=reference.reference,
            referee_kind=reference.kind,
            status="requested" if reference.received_at is None else "received",
            requested_at=reference.requested_at,
            received_at=reference.received_at,
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
        "offer_withdrawn",
        "in_placement",
        "placement_withdrawn",
        "completed",
        "reregistered",
        "hired",
        "withdrawn",
    ]
    submitted_at: datetime
    eligibility: Eligibility | None
    offers: list[Offer]
    timeline: list[TimelineEntry]
    personal_data_erased: bool
    selection: SelectionView | None = None
    placement: PlacementView | None = Field(
        default=None, description="The placement the accepted offer opened (training)"
    )
    references: list[ReferenceView] = Field(
        default_factory=list, description="The two references, once the referees are given"
    )

    @classmethod
    def of(cls, view: StatusView) -> "ApplicationView":
        application = view.application
        eligibility, selection = application.eligibility, application.selection or {}
        return cls(
            application_id=application.application_id,
            programme_id=application.programme_id,
            status=application.status.value,
            submitted_at=application.submitted_at,
            eligibility=Eligibility.model_validate(eligibility) if eligibility else None,
            offers=[Offer.model_validate(o, from_attributes=True) for o in view.offers],
            timeline=[TimelineEntry(type=e.type, at=e.at, **e.details) for e in view.timeline],
            personal_data_erased=application.erased_at is not None,
            selection=SelectionView.of(selection, view.feedback)
            if selection.get("stage")
            else None,
            placement=PlacementView.of(view.placement) if view.placement else None,
            references=[ReferenceView.of(r) for r in view.references],
        )


class ContactDetails(BaseModel):
    """What notifications may look up at send time (internal endpoint only)."""

    given_name: str
    family_name: str
    email: str


# -- the applicant portal: drafts, sign-in links, sessions -------------------------------

OPENS = "Opens the draft or application (Authorization: Bearer) until it expires"


class NewDraft(BaseModel):
    model_config = ConfigDict(extra="forbid")

    programme_id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$")
    answers: DraftAnswers | None = None


class DraftView(BaseModel):
    """A draft as its applicant sees it: the answers so far (personal data)."""

    draft_id: UUID
    programme_id: str
    answers: dict[str, Any]
    email: str | None = Field(description="Where a link to come back to the draft is sent")
    expires_at: datetime = Field(description="Kept until then unless saved again")

    @classmethod
    def of(cls, draft: Draft) -> "DraftView":
        return cls.model_validate(draft, from_attributes=True)


class DraftOpened(BaseModel):
    draft: DraftView
    session_token: str = Field(description=OPENS)
    session_expires_at: datetime


class ResumeLinkRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: EmailStr


class SignInLinkRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: EmailStr


class LinkRequested(BaseModel):
    status: Literal["requested"] = "requested"
    detail: str = (
        "If we hold an application or a saved draft for this address, a link to it has been "
        "emailed there."
    )


class LinkExchange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=10, max_length=200)


class SessionOpened(BaseModel):
    """What a sign-in link (or a sent draft) opens: an application or a draft."""

    kind: Literal["application", "draft"]
    application_id: UUID | None
    draft_id: UUID | None
    session_token: str = Field(description=OPENS)
    session_expires_at: datetime

    @classmethod
    def of(cls, session: OpenedSession) -> "SessionOpened":
        target = session.target
        return cls(
            kind="application" if target.application_id is not None else "draft",
            application_id=target.application_id,
            draft_id=target.draft_id,
            session_token=session.token,
            session_expires_at=session.expires_at,
        )


class IssuedLinkView(BaseModel):
    """For notifications only (internal token): where to send a sign-in link, and its token."""

    purpose: Purpose
    programme_id: str
    email: str
    given_name: str | None
    family_name: str | None
    link_token: str
    expires_at: datetime


class IssuedReferenceLinkView(BaseModel):
    """For notifications only (internal token): where to send a referee's one-time link, for
    whom, and its token."""

    reference_id: UUID
    reference: ReferenceNumber
    kind: RefereeKind
    programme_id: str
    referee_name: str
    email: str
    applicant_given_name: str
    applicant_family_name: str
    link_token: str
    expires_at: datetime


class ReferenceLink(BaseModel):
    """The token of a referee's one-time link (``POST /references/{id}/open``)."""

    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=10, max_length=200)


class ReferenceRequestView(BaseModel):
    """What a referee's link opens: whose reference is asked for, until when."""

    reference_id: UUID
    reference: ReferenceNumber
    kind: RefereeKind
    programme_id: str
    programme_title: str
    referee_name: str
    applicant_given_name: str
    applicant_family_name: str
    expires_at: datetime


class ReferenceReceivedView(BaseModel):
    reference_id: UUID
    status: Literal["received"] = "received"
    received_at: datetime


class UpdatingBand(BaseModel):
    from_years: int
    days: int


class ProgrammeView(BaseModel):
    """A published programme (``GET /programmes/{id}``): what the portal explains and checks
    before someone applies. The decision itself is the matching service's.

    ``job_families`` and ``eligibility`` (the rules as data) are there for every programme; the
    social-work fields (``specialisms``, ``min_statutory_years``, ``min_years_out``,
    ``max_years_out``, ``recognised_bodies``) only for a programme published as v1 or v2, null
    for one of another profession."""

    programme_id: str
    title: str
    profession: str
    opens_at: datetime
    closes_at: datetime
    timezone: str
    starts_on: date
    places: int
    min_years_out: int | None = None
    max_years_out: int | None = None
    min_statutory_years: float | None = None
    updating_days: list[UpdatingBand]
    offer_window_days: float
    regions: list[Region]
    specialisms: list[Specialism] | None = None
    recognised_bodies: list[str] | None = None
    job_families: list[JobFamily]
    eligibility: EligibilityRules
    retention: RetentionPeriods = Field(
        default_factory=RetentionPeriods,
        description="How long applicants' personal data is kept (months)",
    )

    @classmethod
    def of(cls, definition: dict[str, Any]) -> Self:
        """The programme as kept (any version of ``programme.published``)."""
        programme = programme_from_json(definition)
        return cls.model_validate(
            {
                **definition,
                "job_families": programme.job_families,
                "eligibility": programme.eligibility,
            }
        )


class DueView(BaseModel):
    on: date = Field(description="The day (UTC) the personal data falls due for erasure")
    purpose: RetentionPurpose
    applicants: int


class ErasureView(BaseModel):
    application_id: UUID
    erased_at: datetime
    reason: ErasureReason


class RetentionView(BaseModel):
    """What of a programme's personal data is due for erasure when, and what was erased."""

    programme_id: str
    periods: RetentionPeriods
    due: list[DueView] = Field(description="Applicants not yet erased, by day and purpose")
    erased: list[ErasureView] = Field(description="Latest first; ids and dates only")


class CountView(BaseModel):
    count: int | None = Field(description="null when suppressed")
    suppressed: bool = Field(
        description="Under 5, or hidden so that no count under 5 can be worked out"
    )


class AnswerRowView(BaseModel):
    answer: str = Field(description="The answer's code; not_answered; total (every applicant)")
    applied: CountView = Field(description="How many applied (the row's total)")
    outcomes: dict[equality.Outcome, CountView] = Field(
        description="Where their applications stand now, each counted once"
    )

    @classmethod
    def of(cls, row: equality.Row) -> "AnswerRowView":
        return cls.model_validate(row, from_attributes=True)


class QuestionView(BaseModel):
    question: Literal["career_break_reason", "sex", "age_band", "ethnicity", "disability"]
    rows: list[AnswerRowView]
    total: AnswerRowView


class EqualityReportView(BaseModel):
    """A programme's outcomes by equality monitoring answer: aggregate only, every count under
    ``threshold`` suppressed (null, flagged), and more suppressed where a shown count or
    total would let one be worked out."""

    programme_id: str
    threshold: int
    outcomes: list[equality.Outcome] = Field(
        description="Where an application stands now: awaiting_eligibility (submitted), "
        "ineligible, eligible (in selection or waiting for an offer), not_selected (waitlisted "
        "or rejected), selected, offered, accepted (not yet hired), hired, withdrawn"
    )
    questions: list[QuestionView]

    @classmethod
    def of(cls, found: equality.Report) -> "EqualityReportView":
        return cls(
            programme_id=found.programme_id,
            threshold=found.threshold,
            outcomes=list(equality.OUTCOMES),
            questions=[
                QuestionView.model_validate(table, from_attributes=True)
                for table in found.questions
            ],
        )

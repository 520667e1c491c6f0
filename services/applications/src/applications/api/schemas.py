"""Request and response bodies of the applicant portal API (field names are the contract)."""

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from applications.domain.drafts import DraftAnswers
from applications.domain.references import Referees, ReferenceAnswer
from applications.domain.sign_in import Purpose
from applications.domain.submission import Submission
from applications.store.drafts import Draft
from applications.store.references import Reference
from applications.use_cases.sessions import OpenedSession
from applications.use_cases.status import StatusView
from returners_platform.contracts.events import OfferTerms
from returners_platform.contracts.retention import (
    ErasureReason,
    RetentionPeriods,
    RetentionPurpose,
)
from returners_platform.contracts.vocabulary import (
    EligibilityReason,
    RefereeKind,
    ReferenceNumber,
    Region,
    SelectionReason,
    Specialism,
)

# Request bodies defined by the domain: POST /applications, PATCH /drafts/{id},
# PUT /applications/{id}/referees, POST /references/{id}/answer.
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
        "hired",
        "withdrawn",
    ]
    submitted_at: datetime
    eligibility: Eligibility | None
    offers: list[Offer]
    timeline: list[TimelineEntry]
    personal_data_erased: bool
    selection: SelectionView | None = None
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
    before someone applies. The decision itself is the matching service's."""

    programme_id: str
    title: str
    profession: str
    opens_at: datetime
    closes_at: datetime
    timezone: str
    starts_on: date
    places: int
    min_years_out: int | None
    max_years_out: int | None
    min_statutory_years: float
    updating_days: list[UpdatingBand]
    offer_window_days: float
    regions: list[Region]
    specialisms: list[Specialism]
    recognised_bodies: list[str]
    retention: RetentionPeriods = Field(
        default_factory=RetentionPeriods,
        description="How long applicants' personal data is kept (months)",
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

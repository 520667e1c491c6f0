"""A programme's selection rules (carried by ``programme.published.v2``) and the events the
selection service publishes (keyed by application id).

Panel feedback is free text about a person: it never travels in an event.
"""

from datetime import date
from typing import ClassVar
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from returners_platform.contracts.envelope import EventData
from returners_platform.contracts.vocabulary import SelectionOutcome, SelectionReason

Criterion = str  # a short code: ``values``, ``reflective_practice``...


class AssessmentRules(BaseModel):
    """The online assessment: its pass mark, out of ``max_score``, taken by ``closes_at``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pass_mark: float = Field(ge=0)
    max_score: float = Field(gt=0)
    closes_at: AwareDatetime
    weight: float = Field(ge=0, le=1)


class Scale(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    min: int = Field(ge=0)
    max: int = Field(ge=1)


class InterviewRules(BaseModel):
    """The interview: each panel member scores every criterion on the scale; the interview
    score is the mean of the panel's totals, complete when ``panel_size`` have scored."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    criteria: list[Criterion] = Field(min_length=1, max_length=20)
    scale: Scale
    panel_size: int = Field(ge=1, le=10)
    pass_mark: float = Field(ge=0)
    weight: float = Field(ge=0, le=1)

    @property
    def max_score(self) -> int:
        return len(self.criteria) * self.scale.max


class SelectionRules(BaseModel):
    """How a programme selects among eligible applicants (absent: every one is matched)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    assessment: AssessmentRules
    interview: InterviewRules
    results_on: date = Field(description="Results are decided on this day, or when closed early")

    @model_validator(mode="after")
    def _weights(self) -> "SelectionRules":
        if abs(self.assessment.weight + self.interview.weight - 1) > 1e-9:
            raise ValueError("the assessment's and the interview's weights must add up to 1")
        return self


class AssessmentInvited(EventData):
    event_type: ClassVar[str] = "returners.assessment.invited.v1"

    application_id: UUID
    programme_id: str
    closes_at: AwareDatetime
    invited_at: AwareDatetime


class AssessmentScored(EventData):
    event_type: ClassVar[str] = "returners.assessment.scored.v1"

    application_id: UUID
    programme_id: str
    attempt: int = Field(ge=1)
    score: float = Field(ge=0)
    max_score: float = Field(gt=0)
    passed: bool
    scored_at: AwareDatetime


class InterviewInvited(EventData):
    event_type: ClassVar[str] = "returners.interview.invited.v1"

    application_id: UUID
    programme_id: str
    invited_at: AwareDatetime


class InterviewBooked(EventData):
    """A booking (or a move) was confirmed: the candidate has this slot."""

    event_type: ClassVar[str] = "returners.interview.booked.v1"

    application_id: UUID
    programme_id: str
    request_id: UUID
    slot_id: UUID
    starts_at: AwareDatetime
    booked_at: AwareDatetime


class InterviewSlotUnavailable(EventData):
    """A booking request could not be met; the candidate keeps what they had before."""

    event_type: ClassVar[str] = "returners.interview.slot_unavailable.v1"

    application_id: UUID
    programme_id: str
    request_id: UUID
    slot_id: UUID | None
    reason: str = Field(description="slot_full, no_such_slot, not_invited, interview_over")
    at: AwareDatetime


class InterviewCancelled(EventData):
    """The candidate cancelled their booking; they may book again."""

    event_type: ClassVar[str] = "returners.interview.cancelled.v1"

    application_id: UUID
    programme_id: str
    request_id: UUID
    slot_id: UUID
    cancelled_at: AwareDatetime


class InterviewScored(EventData):
    """The interview is complete: scored by the whole panel, or the candidate did not attend."""

    event_type: ClassVar[str] = "returners.interview.scored.v1"

    application_id: UUID
    programme_id: str
    attended: bool
    score: float | None = Field(description="The mean of the panel's totals; null if absent")
    max_score: float = Field(gt=0)
    passed: bool
    scored_at: AwareDatetime


class SelectionDecided(EventData):
    event_type: ClassVar[str] = "returners.selection.decided.v1"

    application_id: UUID
    programme_id: str
    outcome: SelectionOutcome
    rank: int | None = Field(description="Among those who passed; null if rejected")
    weighted_score: float | None
    reasons: list[SelectionReason]
    decided_at: AwareDatetime


class WaitlistPromoted(EventData):
    """A selected place became free and the first on the waitlist takes it."""

    event_type: ClassVar[str] = "returners.waitlist.promoted.v1"

    application_id: UUID
    programme_id: str
    rank: int
    replaces: UUID = Field(description="The application whose selected place became free")
    promoted_at: AwareDatetime

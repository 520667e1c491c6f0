"""Request and response bodies of the selection API (field names are the public contract)."""

from datetime import datetime
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from returners_platform.contracts.vocabulary import ProgrammeId, SelectionOutcome, SelectionReason
from returners_platform.validation import PlainText


class AssessorRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: PlainText = Field(min_length=2, max_length=200)
    programme_id: ProgrammeId


class IssuedAssessor(BaseModel):
    assessor_id: UUID
    programme_id: str
    api_key: str = Field(description="Shown once; only its hash is stored")


class AssessmentResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    application_id: UUID
    score: float = Field(ge=0)
    attempt: int = Field(default=1, ge=1, le=100)


class RowProblem(BaseModel):
    row: int = Field(description="The file's line (the header is 1); 1 for a single result")
    field: str
    message: str


class ResultsRecorded(BaseModel):
    accepted: int
    duplicates: int = Field(description="Sent before exactly so: nothing new")
    errors: list[RowProblem]


class NewSlot(BaseModel):
    model_config = ConfigDict(extra="forbid")

    starts_at: AwareDatetime
    capacity: int = Field(ge=1, le=500)


class SlotView(BaseModel):
    slot_id: UUID
    programme_id: str
    starts_at: datetime
    capacity: int
    booked: int
    available: int


class PanelScores(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scores: dict[str, int] = Field(description="Every criterion of the interview, on its scale")
    feedback: PlainText | None = Field(default=None, max_length=4000)


class Scored(BaseModel):
    application_id: UUID
    interview_complete: bool = Field(description="The whole panel has scored")


class PanelCandidateView(BaseModel):
    application_id: UUID
    starts_at: datetime | None
    scored_by_me: bool
    attended: bool | None
    complete: bool


class ResultView(BaseModel):
    application_id: UUID
    outcome: SelectionOutcome
    rank: int | None
    weighted_score: float | None
    reasons: list[SelectionReason]


class Feedback(BaseModel):
    """What the panel wrote about the applicant (internal: for the applications service)."""

    feedback: list[str]

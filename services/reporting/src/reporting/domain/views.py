"""What reporting serves: the programme figures and the platform health, as value types.

The field names are the public contract of its API (``api/schemas.py`` answers with these
very models); the use cases, the health loop and the gauges build them.
"""

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, Field


class Funnel(BaseModel):
    """``GET /reports/programmes/{programme_id}/funnel`` (SPEC.md, "Contract details")."""

    submitted: int = Field(description="Applications submitted")
    eligible: int = Field(description="Applications whose latest decision is eligible")
    ineligible: int = Field(description="Applications whose latest decision is ineligible")
    ineligible_by_reason: dict[str, int] = Field(
        description="Ineligible applications failing each rule (one can fail several)"
    )
    offered: int = Field(description="Applications that received at least one offer")
    accepted: int = Field(description="Applications that accepted at least one offer")
    declined: int = Field(description="Offers declined")
    expired: int = Field(description="Offers that expired unanswered")
    hired: int = Field(description="Applications a council reported hiring")
    withdrawn: int = Field(description="Applications withdrawn")
    places: int | None = Field(description="The programme's places (null until published)")
    places_filled: int = Field(
        description="Applicants holding an accepted offer or hired, and not withdrawn"
    )
    invited: int = Field(default=0, description="Invited to the assessment (with selection)")
    assessed: int = Field(default=0, description="With an assessment result")
    interviewed: int = Field(default=0, description="Attended a complete interview")
    selected: int = Field(
        default=0, description="Selected at the results, or promoted from the waitlist since"
    )
    waitlisted: int = Field(default=0, description="Waitlisted and not (yet) promoted")
    rejected: int = Field(default=0, description="Not selected, with reasons")
    rejected_by_reason: dict[str, int] = Field(
        default_factory=dict, description="Rejected applications by the rule they failed"
    )


class StageCounts(BaseModel):
    submitted: int
    eligible: int
    ineligible: int
    ineligible_by_reason: dict[str, int]
    offered: int
    accepted: int
    declined: int
    expired: int
    hired: int
    withdrawn: int
    places_filled: int


class BreakdownRow(StageCounts):
    group: str | None = Field(description="The region, specialism or band (null: unknown)")


class Breakdown(BaseModel):
    programme_id: str
    dimension: str
    rows: list[BreakdownRow]


class CouncilRow(BaseModel):
    council_id: UUID
    name: str | None = Field(description="From council.registered (null until seen)")
    vacancies: int = Field(description="Open vacancies of the programme")
    slots: int = Field(description="Slots of the open vacancies")
    offered: int = Field(description="Applications this council offered a placement")
    accepted: int = Field(description="Applications that accepted this council's offer")
    declined: int = Field(description="This council's offers declined")
    expired: int = Field(description="This council's offers expired")
    hired: int = Field(description="Applications this council hired")
    withdrawn: int = Field(description="Applications offered by this council that withdrew")
    places_filled: int = Field(description="Placements with this council, not withdrawn")


class CouncilBreakdown(BaseModel):
    programme_id: str
    rows: list[CouncilRow]


class Duration(BaseModel):
    count: int
    median_days: float | None
    p90_days: float | None


class Timings(BaseModel):
    programme_id: str
    time_to_offer: Duration = Field(description="Submission to first offer")
    time_to_hire: Duration = Field(description="Submission to hire")


class DaySubmissions(BaseModel):
    date: date
    submitted: int


class SubmissionsPerDay(BaseModel):
    programme_id: str
    timezone: str = "Europe/London"
    days: list[DaySubmissions]


class OutcomeFigures(BaseModel):
    """The programme's outcomes over some placements (a placement: an accepted offer's
    training; ``placement_id`` is the offer's id)."""

    opened: int = Field(description="Placements known (any training event about one)")
    offers_withdrawn: int = Field(
        description="Accepted offers withdrawn because a condition was not met"
    )
    started: int = Field(description="Placements started")
    completed: int = Field(description="Placements completed (requirement met, ended)")
    withdrawn: int = Field(description="Placements the returner left before completing")
    reregistered: int = Field(description="Placements whose returner was restored to the register")
    hired: int = Field(description="Placements whose offer a council reported hiring")
    completion_rate: float | None = Field(
        description="completed / started, to 4 decimals (null when none started)"
    )
    reregistration_rate: float | None = Field(
        description="reregistered / completed, to 4 decimals (null when none completed)"
    )
    median_days_to_complete: float | None = Field(
        description="Median whole days from the start to completion of completed placements "
        "(the mean of the middle two for an even count; null when none completed)"
    )


class CouncilOutcomes(OutcomeFigures):
    name: str | None = Field(description="From council.registered (null until seen)")


class OutcomeReport(OutcomeFigures):
    """``GET /reports/programmes/{programme_id}/outcomes``: the programme's evaluation, its
    figures over every placement at the top, then broken down."""

    programme_id: str
    by_band: dict[str, OutcomeFigures] = Field(
        description="By time out of practice (the eligibility decision's years), keyed "
        '"2-5" and "5-10" always, and any other band the data has ("0-2", "10+")'
    )
    by_region: dict[str, OutcomeFigures] = Field(
        description='By the region of the offer\'s vacancy ("unknown" until the vacancy is seen)'
    )
    by_council: dict[str, CouncilOutcomes] = Field(description="By council id")
    withdrawals_by_reason: dict[str, int] = Field(
        description="Placements withdrawn, by placement.withdrawn's reason (every reason)"
    )
    offers_withdrawn_by_condition: dict[str, int] = Field(
        description="Offers withdrawn for conditions not met, by the condition (every one)"
    )
    offers_withdrawn_by_reason: dict[str, int] = Field(
        description="Offers withdrawn for conditions not met, by why it was not met"
    )
    hours_by_kind: dict[str, float] = Field(
        description="Effective hours logged, by kind (a corrected entry counts once, as corrected)"
    )


class ProgrammeSummary(BaseModel):
    programme_id: str
    title: str | None
    places: int | None
    submitted: int
    hired: int
    places_filled: int


class GroupLag(BaseModel):
    service: str
    group: str
    topic: str
    lag: int


class DeadLetterCount(BaseModel):
    topic: str
    records: int
    by_original_topic: dict[str, int]


class OutboxBacklog(BaseModel):
    service: str
    url: str
    backlog: float | None = Field(description="null when the service's /metrics did not answer")
    error: str | None


class DeliveryFailures(BaseModel):
    channel: str
    source_event_type: str
    failures: int


class DeliveryRetries(BaseModel):
    channel: str = Field(description="email or webhook")
    in_retry: int | None = Field(
        description="Pending deliveries that failed at least once and wait for their next "
        "attempt (null: unknown, see scrape_error)"
    )
    last_error: str | None = Field(
        description="The channel's latest failed attempt's error, without personal data "
        "(null: it never failed)"
    )
    last_error_at: datetime | None = Field(description="When that attempt started")
    scrape_error: str | None = Field(
        description="Why the figures are unknown: the notifications service's /metrics did "
        "not answer or lacks them"
    )


class PlatformHealth(BaseModel):
    refreshed_at: datetime | None
    consumer_lag: list[GroupLag]
    dead_letters: list[DeadLetterCount]
    outbox_backlog: list[OutboxBacklog]
    delivery_retries: list[DeliveryRetries] = Field(
        description="Deliveries failing now, per channel, from the notifications service's "
        "/metrics (empty when it is not scraped)"
    )
    delivery_failures: list[DeliveryFailures] = Field(
        description="Deliveries dead-lettered after every retry, by channel and event type "
        "(from notification.delivery_failed events)"
    )
    errors: list[str]

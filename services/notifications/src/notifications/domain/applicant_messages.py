"""Which emails an applicant gets for which event, and when.

The plan carries only what the event carries (ids, codes, dates): the address
and the name are looked up at send time, never stored.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from returners_platform.contracts.envelope import EventData
from returners_platform.contracts.events import (
    ApplicationSubmitted,
    ApplicationSubmittedV2,
    AssessmentInvited,
    EligibilityDecided,
    InterviewBooked,
    InterviewInvited,
    InterviewSlotUnavailable,
    PlacementCompleted,
    PlacementOffered,
    PlacementOfferedV2,
    PlacementOfferWithdrawn,
    PlacementOpened,
    PlacementStarted,
    ReferenceReceived,
    ReferenceRequested,
    ReturnerHired,
    ReturnerReregistered,
    SelectionDecided,
    SignInLinkRequested,
    WaitlistPromoted,
    job_family_of,
)

# The "offer expiring soon" reminder goes this long before the offer expires.
REMINDER_LEAD = timedelta(hours=24)
REMINDER_TEMPLATE = "offer_expiring"
# A one-time link to sign in or to come back to a draft: its recipient is the sign-in request
# (who it goes to, and the link, are asked of the applications service at send time).
SIGN_IN_TEMPLATE = "sign_in_link"
# A referee's one-time link: its recipient is the reference (who the referee is, for whom,
# and the link are asked of the applications service at send time).
REFERENCE_REQUEST_TEMPLATE = "reference_request"
# The applicant is told a reference arrived (not what it says).
REFERENCE_RECEIVED_TEMPLATE = "reference_received"
# The interview reminder goes the day before the interview (the same lead).
INTERVIEW_REMINDER_TEMPLATE = "interview_reminder"


@dataclass(frozen=True)
class PlannedEmail:
    template: str
    application_id: UUID  # the recipient: an application, a sign-in request or a reference
    programme_id: str
    due_at: datetime
    context: dict[str, Any] = field(default_factory=dict)
    offer_id: UUID | None = None


def reminder_time(offered_at: datetime, expires_at: datetime, lead: timedelta) -> datetime | None:
    """When to remind of an open offer: ``lead`` before expiry, if that is after the offer."""
    at = expires_at - lead
    return at if at > offered_at else None


def emails_for(
    data: EventData, *, now: datetime, reminder_lead: timedelta = REMINDER_LEAD
) -> list[PlannedEmail]:
    """The emails an event calls for (none for events the applicant is not told about)."""
    if isinstance(data, ApplicationSubmitted | ApplicationSubmittedV2):
        return [
            PlannedEmail(
                "submitted",
                data.application_id,
                data.programme_id,
                now,
                {"submitted_at": data.submitted_at.isoformat()},
            )
        ]
    if isinstance(data, EligibilityDecided):
        if data.eligible:
            context: dict[str, Any] = {"updating_days": data.updating_days}
            return [PlannedEmail("eligible", data.application_id, data.programme_id, now, context)]
        context = {"reasons": [r.value for r in data.reasons]}
        return [PlannedEmail("ineligible", data.application_id, data.programme_id, now, context)]
    if isinstance(data, PlacementOffered | PlacementOfferedV2):
        return _offer_emails(data, now, reminder_lead)
    if isinstance(data, SignInLinkRequested):
        return [PlannedEmail(SIGN_IN_TEMPLATE, data.sign_in_request_id, "", now)]
    if isinstance(data, ReferenceRequested):
        context = {"reference": data.reference.value}
        return [
            PlannedEmail(
                REFERENCE_REQUEST_TEMPLATE, data.reference_id, data.programme_id, now, context
            )
        ]
    if isinstance(data, ReferenceReceived):
        context = {"reference": data.reference.value}
        return [
            PlannedEmail(
                REFERENCE_RECEIVED_TEMPLATE, data.application_id, data.programme_id, now, context
            )
        ]
    if isinstance(data, InterviewBooked):
        return _interview_emails(data, now, reminder_lead)
    if isinstance(data, SELECTION_STEPS):
        template, context = _selection_email(data)
        return [PlannedEmail(template, data.application_id, data.programme_id, now, context)]
    if isinstance(data, ReturnerHired):
        context = {"council_id": str(data.council_id), "hired_at": data.hired_at.isoformat()}
        return [PlannedEmail("hired", data.application_id, data.programme_id, now, context)]
    if isinstance(data, TRAINING_STEPS):
        template, context = _training_email(data)
        context = {"council_id": str(data.council_id), **context}
        return [PlannedEmail(template, data.application_id, data.programme_id, now, context)]
    return []


# The training steps the applicant is told of (the others are the council's business, and
# the applicant sees them on their status page).
TRAINING_STEPS = (
    PlacementOpened,
    PlacementOfferWithdrawn,
    PlacementStarted,
    PlacementCompleted,
    ReturnerReregistered,
)


def _training_email(
    data: PlacementOpened
    | PlacementOfferWithdrawn
    | PlacementStarted
    | PlacementCompleted
    | ReturnerReregistered,
) -> tuple[str, dict[str, Any]]:
    """The email a training step calls for: its template and context (codes and numbers)."""
    if isinstance(data, PlacementOpened):
        return "placement_conditions", {
            "conditions": [c.value for c in data.conditions],
            "starts_on": data.starts_on.isoformat(),
            "required_hours": data.required_hours,
            "updating_days": data.updating_days,
        }
    if isinstance(data, PlacementOfferWithdrawn):
        return "offer_withdrawn", {
            "condition": data.condition.value,
            "condition_reason": data.condition_reason.value if data.condition_reason else None,
        }
    if isinstance(data, PlacementStarted):
        return "placement_started", {
            "starts_on": data.starts_on.isoformat(),
            "required_hours": data.required_hours,
        }
    if isinstance(data, PlacementCompleted):
        return "placement_completed", {
            "completed_on": data.completed_on.isoformat(),
            "total_hours": data.total_hours,
            "required_hours": data.required_hours,
        }
    return "reregistered", {"decided_on": data.decided_on.isoformat()}


def _offer_emails(
    data: PlacementOffered | PlacementOfferedV2, now: datetime, lead: timedelta
) -> list[PlannedEmail]:
    context = {
        "offer_id": str(data.offer_id),
        "council_id": str(data.council_id),
        "region": data.region.value,
        "specialism": job_family_of(data),
        "updating_days": data.updating_days,
        "starts_on": data.starts_on.isoformat(),
        "expires_at": data.expires_at.isoformat(),
    }
    planned = [
        PlannedEmail("offered", data.application_id, data.programme_id, now, context, data.offer_id)
    ]
    at = reminder_time(data.offered_at, data.expires_at, lead)
    if at is not None and at > now:
        planned.append(
            PlannedEmail(
                REMINDER_TEMPLATE,
                data.application_id,
                data.programme_id,
                at,
                context,
                data.offer_id,
            )
        )
    return planned


SELECTION_STEPS = (
    AssessmentInvited,
    InterviewInvited,
    InterviewSlotUnavailable,
    SelectionDecided,
    WaitlistPromoted,
)


def _selection_email(
    data: AssessmentInvited
    | InterviewInvited
    | InterviewSlotUnavailable
    | SelectionDecided
    | WaitlistPromoted,
) -> tuple[str, dict[str, Any]]:
    """The email a selection step calls for: its template and context."""
    if isinstance(data, AssessmentInvited):
        return "assessment_invited", {"closes_at": data.closes_at.isoformat()}
    if isinstance(data, InterviewInvited):
        return "interview_invited", {}
    if isinstance(data, InterviewSlotUnavailable):
        return "interview_slot_unavailable", {"unavailable_reason": data.reason}
    if isinstance(data, SelectionDecided):
        return "selection_result", {
            "outcome": data.outcome.value,
            "rank": data.rank,
            "selection_reasons": [r.value for r in data.reasons],
        }
    return "waitlist_promoted", {}


def _interview_emails(data: InterviewBooked, now: datetime, lead: timedelta) -> list[PlannedEmail]:
    context = {"slot_id": str(data.slot_id), "starts_at": data.starts_at.isoformat()}
    planned = [
        PlannedEmail("interview_booked", data.application_id, data.programme_id, now, context)
    ]
    at = reminder_time(data.booked_at, data.starts_at, lead)
    if at is not None and at > now:
        planned.append(
            PlannedEmail(
                INTERVIEW_REMINDER_TEMPLATE, data.application_id, data.programme_id, at, context
            )
        )
    return planned

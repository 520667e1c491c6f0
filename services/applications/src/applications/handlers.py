"""Event handlers of the applications service, and the registry mapping events to them.

Each handler runs inside the consumer's transaction (after the processed-events
check), so its writes happen exactly once per event.
"""

from uuid import UUID

from applications.domain.status import OfferStatus, SelectionStage
from applications.store import applications, offers, placements, programmes, timeline
from applications.store.applications import Application
from applications.store.offers import Offering
from applications.store.timeline import TimelineEntry
from applications.use_cases import selection, training
from returners_platform.contracts import events
from returners_platform.contracts.envelope import CloudEvent, EventData
from returners_platform.contracts.vocabulary import SelectionOutcome
from returners_platform.messaging.consumer import HandlerRegistry
from returners_platform.messaging.failure_policy import PermanentHandlerError
from returners_platform.messaging.unit_of_work import UnitOfWork


async def _require_application(uow: UnitOfWork, application_id: UUID) -> Application:
    found = await applications.locked(uow, application_id)
    if found is None:
        raise PermanentHandlerError(f"unknown application {application_id}")
    return found


async def handle_programme_published(
    event: CloudEvent[events.AnyProgrammePublished], uow: UnitOfWork
) -> None:
    """Kept as published (any version): ``GET /programmes/{id}`` answers it as v3."""
    await programmes.upsert(uow, event.data)


async def handle_eligibility_decided(
    event: CloudEvent[events.EligibilityDecided], uow: UnitOfWork
) -> None:
    data = event.data
    eligibility = data.model_dump(
        mode="json",
        include={"eligible", "reasons", "updating_days", "years_out_of_practice", "decided_at"},
    )
    entry = TimelineEntry(
        "eligibility_decided",
        data.decided_at,
        {"eligible": data.eligible, "reasons": eligibility["reasons"]},
    )
    if not await applications.record_eligibility(uow, data.application_id, eligibility, entry):
        raise PermanentHandlerError(f"unknown application {data.application_id}")


async def handle_placement_offered(
    event: CloudEvent[events.AnyPlacementOffered], uow: UnitOfWork
) -> None:
    data = event.data
    entry = TimelineEntry(
        "offered",
        data.offered_at,
        {"offer_id": str(data.offer_id), "expires_at": data.expires_at.isoformat()},
    )
    offering = await offers.record_offered(uow, data, entry)
    if offering is Offering.NO_APPLICATION:
        raise PermanentHandlerError(f"unknown application {data.application_id}")
    if offering is Offering.RECORDED:
        await applications.refresh_status(uow, data.application_id)


async def handle_placement_offer_expired(
    event: CloudEvent[events.PlacementOfferExpired], uow: UnitOfWork
) -> None:
    data = event.data
    await _require_application(uow, data.application_id)
    if await offers.locked(uow, data.application_id, data.offer_id) is None:
        raise PermanentHandlerError(f"unknown offer {data.offer_id}")
    await offers.set_status(uow, data.offer_id, OfferStatus.EXPIRED, data.expired_at)
    await timeline.add(
        uow,
        data.application_id,
        "offer_expired",
        data.expired_at,
        {"offer_id": str(data.offer_id)},
    )
    await applications.refresh_status(uow, data.application_id)


async def handle_returner_hired(event: CloudEvent[events.ReturnerHired], uow: UnitOfWork) -> None:
    data = event.data
    await _require_application(uow, data.application_id)
    await applications.mark_hired(uow, data.application_id, data.hired_at)
    await timeline.add(
        uow,
        data.application_id,
        "hired",
        data.hired_at,
        {"council_id": str(data.council_id)},
    )
    await applications.refresh_status(uow, data.application_id)


async def handle_assessment_invited(
    event: CloudEvent[events.AssessmentInvited], uow: UnitOfWork
) -> None:
    data = event.data
    closes = data.closes_at.isoformat()
    await selection.record(
        uow,
        data.application_id,
        "assessment_invited",
        data.invited_at,
        {"stage": SelectionStage.ASSESSMENT.value, "assessment_closes_at": closes},
        {"closes_at": closes},
    )


async def handle_assessment_scored(
    event: CloudEvent[events.AssessmentScored], uow: UnitOfWork
) -> None:
    data = event.data
    await selection.record(
        uow,
        data.application_id,
        "assessment_scored",
        data.scored_at,
        {"assessment_score": data.score, "assessment_passed": data.passed},
        {"score": data.score, "max_score": data.max_score, "passed": data.passed},
    )


async def handle_interview_invited(
    event: CloudEvent[events.InterviewInvited], uow: UnitOfWork
) -> None:
    data = event.data
    stage = {"stage": SelectionStage.INTERVIEW.value}
    await selection.record(uow, data.application_id, "interview_invited", data.invited_at, stage)


async def handle_interview_booked(
    event: CloudEvent[events.InterviewBooked], uow: UnitOfWork
) -> None:
    data = event.data
    interview = {
        "slot_id": str(data.slot_id),
        "starts_at": data.starts_at.isoformat(),
        "status": "booked",
        "request": {"request_id": str(data.request_id), "status": "booked"},
    }
    await selection.record(
        uow,
        data.application_id,
        "interview_booked",
        data.booked_at,
        {"interview": interview},
        {"slot_id": str(data.slot_id), "starts_at": data.starts_at.isoformat()},
    )


async def handle_interview_cancelled(
    event: CloudEvent[events.InterviewCancelled], uow: UnitOfWork
) -> None:
    data = event.data
    request = {"request_id": str(data.request_id), "status": "cancelled"}
    await selection.record(
        uow,
        data.application_id,
        "interview_cancelled",
        data.cancelled_at,
        {"interview": {"slot_id": None, "starts_at": None, "status": None, "request": request}},
    )


async def handle_slot_unavailable(
    event: CloudEvent[events.InterviewSlotUnavailable], uow: UnitOfWork
) -> None:
    """The request was not met: the booking stays as it was; the request says why."""
    data = event.data
    found = await applications.locked(uow, data.application_id)
    interview = dict(((found.selection or {}) if found else {}).get("interview") or {})
    interview["request"] = {
        "request_id": str(data.request_id),
        "status": "unavailable",
        "reason": data.reason,
    }
    await selection.record(
        uow,
        data.application_id,
        "interview_slot_unavailable",
        data.at,
        {"interview": interview},
        {"reason": data.reason},
    )


async def handle_interview_scored(
    event: CloudEvent[events.InterviewScored], uow: UnitOfWork
) -> None:
    data = event.data
    found = await applications.locked(uow, data.application_id)
    interview = dict(((found.selection or {}) if found else {}).get("interview") or {})
    interview["status"] = "attended" if data.attended else "did_not_attend"
    await selection.record(
        uow,
        data.application_id,
        "interview_held" if data.attended else "interview_missed",
        data.scored_at,
        {"interview": interview},
    )


async def handle_selection_decided(
    event: CloudEvent[events.SelectionDecided], uow: UnitOfWork
) -> None:
    data = event.data
    reasons = [r.value for r in data.reasons]
    await selection.record(
        uow,
        data.application_id,
        "selection_decided",
        data.decided_at,
        {
            "stage": SelectionStage.RESULTS.value,
            "outcome": data.outcome.value,
            "rank": data.rank,
            "reasons": reasons,
            "decided_at": data.decided_at.isoformat(),
        },
        {"outcome": data.outcome.value, "rank": data.rank, "reasons": reasons},
    )


async def handle_waitlist_promoted(
    event: CloudEvent[events.WaitlistPromoted], uow: UnitOfWork
) -> None:
    data = event.data
    await selection.record(
        uow,
        data.application_id,
        "waitlist_promoted",
        data.promoted_at,
        {"outcome": SelectionOutcome.SELECTED.value, "rank": data.rank, "reasons": []},
        {"rank": data.rank},
    )


async def handle_placement_opened(
    event: CloudEvent[events.PlacementOpened], uow: UnitOfWork
) -> None:
    data = event.data
    conditions = [c.value for c in data.conditions]
    await training.record(
        uow,
        data,
        lambda: placements.record_opened(
            uow,
            data.placement_id,
            updating_days=data.updating_days,
            required_hours=data.required_hours,
            starts_on=data.starts_on,
            conditions=conditions,
            at=data.opened_at,
        ),
        "placement_opened",
        data.opened_at,
        {
            "conditions": conditions,
            "required_hours": data.required_hours,
            "starts_on": data.starts_on.isoformat(),
        },
    )


async def handle_condition_recorded(
    event: CloudEvent[events.PlacementConditionRecorded], uow: UnitOfWork
) -> None:
    data = event.data
    reason = data.reason.value if data.reason else None
    await training.record(
        uow,
        data,
        lambda: placements.record_condition(
            uow,
            data.placement_id,
            data.condition.value,
            data.status.value,
            reason,
            data.recorded_at,
        ),
        "condition_recorded",
        data.recorded_at,
        {"condition": data.condition.value, "status": data.status.value, "reason": reason},
    )


async def handle_conditions_met(
    event: CloudEvent[events.PlacementConditionsMet], uow: UnitOfWork
) -> None:
    data = event.data
    await training.record(
        uow,
        data,
        lambda: placements.record_conditions_met(uow, data.placement_id, data.met_at),
        "conditions_met",
        data.met_at,
    )


async def handle_offer_withdrawn(
    event: CloudEvent[events.PlacementOfferWithdrawn], uow: UnitOfWork
) -> None:
    data = event.data
    withdrawal = {
        "reason": data.reason.value,
        "condition": data.condition.value,
        "condition_reason": data.condition_reason.value if data.condition_reason else None,
    }
    await training.offer_withdrawn(uow, data, withdrawal, data.withdrawn_at)


async def handle_placement_started(
    event: CloudEvent[events.PlacementStarted], uow: UnitOfWork
) -> None:
    data = event.data
    await training.record(
        uow,
        data,
        lambda: placements.record_started(
            uow, data.placement_id, data.starts_on, data.required_hours, data.started_at
        ),
        "placement_started",
        data.started_at,
        {"starts_on": data.starts_on.isoformat(), "required_hours": data.required_hours},
    )


async def handle_hours_logged(event: CloudEvent[events.HoursLogged], uow: UnitOfWork) -> None:
    """Hours so far (the effective total after the entry); an entry is not a step of its own."""
    data = event.data
    await training.record(
        uow,
        data,
        lambda: placements.record_hours(
            uow, data.placement_id, data.total_hours, data.required_hours, data.logged_at
        ),
        None,
        data.logged_at,
    )


async def handle_placement_completed(
    event: CloudEvent[events.PlacementCompleted], uow: UnitOfWork
) -> None:
    data = event.data
    await training.record(
        uow,
        data,
        lambda: placements.record_completed(
            uow,
            data.placement_id,
            total_hours=data.total_hours,
            required_hours=data.required_hours,
            hours_by_kind={k.value: v for k, v in data.hours_by_kind.items()},
            completed_on=data.completed_on,
            at=data.completed_at,
        ),
        "placement_completed",
        data.completed_at,
        {
            "completed_on": data.completed_on.isoformat(),
            "total_hours": data.total_hours,
            "required_hours": data.required_hours,
        },
    )


async def handle_placement_withdrawn(
    event: CloudEvent[events.PlacementWithdrawn], uow: UnitOfWork
) -> None:
    data = event.data
    await training.record(
        uow,
        data,
        lambda: placements.record_withdrawn(
            uow, data.placement_id, data.reason.value, data.total_hours, data.withdrawn_at
        ),
        "placement_withdrawn",
        data.withdrawn_at,
        {"reason": data.reason.value, "total_hours": data.total_hours},
    )


async def handle_returner_reregistered(
    event: CloudEvent[events.ReturnerReregistered], uow: UnitOfWork
) -> None:
    data = event.data
    await training.record(
        uow,
        data,
        lambda: placements.record_reregistered(
            uow, data.placement_id, data.decided_on, data.recorded_at
        ),
        "reregistered",
        data.recorded_at,
        {"decided_on": data.decided_on.isoformat()},
    )


EVENT_HANDLERS: HandlerRegistry = {
    events.ProgrammePublished: handle_programme_published,
    events.ProgrammePublishedV2: handle_programme_published,
    events.ProgrammePublishedV3: handle_programme_published,
    events.EligibilityDecided: handle_eligibility_decided,
    events.PlacementOffered: handle_placement_offered,
    events.PlacementOfferedV2: handle_placement_offered,
    events.PlacementOfferExpired: handle_placement_offer_expired,
    events.ReturnerHired: handle_returner_hired,
    events.AssessmentInvited: handle_assessment_invited,
    events.AssessmentScored: handle_assessment_scored,
    events.InterviewInvited: handle_interview_invited,
    events.InterviewBooked: handle_interview_booked,
    events.InterviewCancelled: handle_interview_cancelled,
    events.InterviewSlotUnavailable: handle_slot_unavailable,
    events.InterviewScored: handle_interview_scored,
    events.SelectionDecided: handle_selection_decided,
    events.WaitlistPromoted: handle_waitlist_promoted,
    events.PlacementOpened: handle_placement_opened,
    events.PlacementConditionRecorded: handle_condition_recorded,
    events.PlacementConditionsMet: handle_conditions_met,
    events.PlacementOfferWithdrawn: handle_offer_withdrawn,
    events.PlacementStarted: handle_placement_started,
    events.HoursLogged: handle_hours_logged,
    events.PlacementCompleted: handle_placement_completed,
    events.PlacementWithdrawn: handle_placement_withdrawn,
    events.ReturnerReregistered: handle_returner_reregistered,
}
# What this service consumes: the events its handler registry handles.
CONSUMES: frozenset[type[EventData]] = frozenset(EVENT_HANDLERS)

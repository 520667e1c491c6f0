"""Event handlers of the matching service, and the registry mapping events to them.

Each handler runs inside the consumer's transaction (after the processed-events check),
so its writes and the events it publishes happen exactly once per event. Handlers read
time from the unit of work (``uow.now()``: the service's clock).
"""

from datetime import datetime
from uuid import UUID

import structlog

from matching import metrics
from matching.domain import eligibility
from matching.domain.offers import (
    AnswerOutcome,
    OfferStatus,
    answer_outcome,
    withdrawal_applies,
)
from matching.store import applicants, offers, programmes
from matching.use_cases import placement
from returners_platform.contracts import events
from returners_platform.contracts.envelope import CloudEvent, EventData
from returners_platform.contracts.vocabulary import SelectionOutcome
from returners_platform.eligibility import ProgrammeRules
from returners_platform.messaging.consumer import HandlerRegistry
from returners_platform.messaging.failure_policy import PermanentHandlerError
from returners_platform.messaging.unit_of_work import UnitOfWork

log = structlog.get_logger(__name__)


async def _programme(
    uow: UnitOfWork, programme_id: str, about: str, *, lock: bool = True
) -> events.PublishedProgramme:
    """The event's programme; with ``lock``, its matching lock held from here to the commit
    (taken with it, in one round trip), before anything of its picture is read."""
    if lock:
        programme = await programmes.get_locked_for_matching(uow, programme_id)
    else:
        programme = await programmes.get(uow, programme_id)
    if programme is None:
        # Matching publishes every programme, so an event naming one it does not know comes
        # from another environment or a lost database: dead-letter it for an operator.
        raise PermanentHandlerError(f"{about} names programme {programme_id!r}, unknown here")
    return programme


async def handle_application_submitted(
    event: CloudEvent[events.AnyApplicationSubmitted], uow: UnitOfWork
) -> None:
    """Decide on eligibility. Only an eligible applicant joins the programme's picture
    (matchable, and matched at once), so only their decision takes the programme's matching
    lock, before their row is written. An ineligible one's decision waits for no other
    transaction of the programme, and holds none up through its commit."""
    data = event.data
    about = f"application {data.application_id}"
    programme = await _programme(uow, data.programme_id, about, lock=False)
    decision = eligibility.decide(data, ProgrammeRules.of(programme))
    if decision.eligible:
        await programmes.lock_for_matching(uow, data.programme_id)
    now = uow.now()
    decided = uow.outbox_row(_eligibility_decided(data, decision, now))
    if not await applicants.insert(uow, _decided_applicant(data, decision, now), decided):
        return  # decided before (the same submission replayed under another event id)
    metrics.ELIGIBILITY_DECISIONS.labels(str(decision.eligible).lower()).inc()
    for reason in decision.reasons:
        metrics.INELIGIBLE_REASONS.labels(reason.value).inc()
    if decision.eligible:
        await placement.rematch(uow, programme, now=now, trigger="applicant")


def _decided_applicant(
    data: events.AnyApplicationSubmitted, decision: eligibility.Decision, now: datetime
) -> applicants.DecidedApplicant:
    """The applicant as matching keeps them: preferences, the decision's inputs, the decision."""
    return applicants.DecidedApplicant(
        application_id=data.application_id,
        programme_id=data.programme_id,
        submitted_at=data.submitted_at,
        regions=[r.value for r in data.preferences.regions],
        specialisms=events.job_families_chosen(data),
        inputs=data.model_dump(
            mode="json", include={"right_to_work_uk", "registration", "history"}
        ),
        eligible=decision.eligible,
        reasons=[r.value for r in decision.reasons],
        updating_days=decision.updating_days,
        years_out_of_practice=decision.years_out_of_practice,
        decided_at=now,
    )


def _eligibility_decided(
    data: events.AnyApplicationSubmitted, decision: eligibility.Decision, now: datetime
) -> events.EligibilityDecided:
    return events.EligibilityDecided(
        application_id=data.application_id,
        programme_id=data.programme_id,
        eligible=decision.eligible,
        reasons=list(decision.reasons),
        updating_days=decision.updating_days,
        years_out_of_practice=decision.years_out_of_practice,
        decided_at=now,
    )


async def handle_application_withdrawn(
    event: CloudEvent[events.ApplicationWithdrawn], uow: UnitOfWork
) -> None:
    data = event.data
    programme = await _programme(uow, data.programme_id, f"withdrawal {data.application_id}")
    if await applicants.get(uow, data.application_id) is None:
        raise PermanentHandlerError(f"withdrawal of unknown application {data.application_id}")
    await applicants.mark_withdrawn(uow, data.application_id, data.withdrawn_at)
    freed = False
    for offer in await offers.live_of_applicant(uow, data.application_id):
        if withdrawal_applies(offer.status):
            await offers.set_status(uow, offer.offer_id, OfferStatus.WITHDRAWN, data.withdrawn_at)
            metrics.OFFERS_ENDED.labels(OfferStatus.WITHDRAWN.value).inc()
            freed = True
        else:
            log.warning("withdrawal_after_hire_ignored", application_id=str(data.application_id))
    if freed:
        await placement.rematch(uow, programme, now=uow.now(), trigger="withdrawal")


async def handle_placement_accepted(
    event: CloudEvent[events.PlacementAccepted], uow: UnitOfWork
) -> None:
    await _answer(uow, event.data, event.data.accepted_at, OfferStatus.ACCEPTED)


async def handle_placement_declined(
    event: CloudEvent[events.PlacementDeclined], uow: UnitOfWork
) -> None:
    await _answer(uow, event.data, event.data.declined_at, OfferStatus.DECLINED)


async def _answer(
    uow: UnitOfWork,
    data: events.PlacementAccepted | events.PlacementDeclined,
    answered_at: datetime,
    status: OfferStatus,
) -> None:
    programme = await _programme(uow, data.programme_id, f"answer to offer {data.offer_id}")
    offer = await offers.locked(uow, data.offer_id)
    if offer is None or offer.application_id != data.application_id:
        raise PermanentHandlerError(f"answer to unknown offer {data.offer_id}")
    outcome = answer_outcome(offer.status, offer.expires_at, answered_at)
    if outcome == AnswerOutcome.IGNORE:
        log.info(
            "answer_to_closed_offer_ignored",
            offer_id=str(data.offer_id),
            offer_status=offer.status.value,
            answer=status.value,
        )
        return
    if outcome == AnswerOutcome.EXPIRE:
        await placement.expire(uow, programme, offer)
    else:
        await offers.set_status(uow, data.offer_id, status, answered_at)
        metrics.OFFERS_ENDED.labels(status.value).inc()
        if status == OfferStatus.DECLINED:
            await placement.give_place_back(uow, programme, data.application_id, answered_at)
    if outcome == AnswerOutcome.EXPIRE or status == OfferStatus.DECLINED:
        await placement.rematch(uow, programme, now=uow.now(), trigger=status.value)


async def handle_placement_offer_withdrawn(
    event: CloudEvent[events.PlacementOfferWithdrawn], uow: UnitOfWork
) -> None:
    """A condition of the accepted offer was not met (training): the offer is withdrawn, the
    slot freed and offered on; the applicant is not offered anything more here."""
    data = event.data
    programme = await _programme(uow, data.programme_id, f"offer withdrawal {data.placement_id}")
    offer = await offers.locked(uow, data.placement_id)
    if offer is None or offer.application_id != data.application_id:
        raise PermanentHandlerError(f"withdrawal of unknown offer {data.placement_id}")
    if not withdrawal_applies(offer.status):
        log.warning(
            "offer_withdrawal_ignored",
            offer_id=str(offer.offer_id),
            offer_status=offer.status.value,
        )
        return
    await placement.withdraw_for_conditions(
        uow, programme, offer, data.reason.value, data.withdrawn_at
    )


async def handle_placement_withdrawn(
    event: CloudEvent[events.PlacementWithdrawn], uow: UnitOfWork
) -> None:
    """The returner left the placement: recorded on its offer, whose slot is not offered on
    (``domain.offers``); an ``application.withdrawn`` still frees it, as before."""
    data = event.data
    offer = await offers.locked(uow, data.placement_id)
    if offer is None or offer.application_id != data.application_id:
        raise PermanentHandlerError(f"placement withdrawal of unknown offer {data.placement_id}")
    await offers.record_placement_withdrawal(
        uow, offer.offer_id, data.reason.value, data.withdrawn_at
    )


async def handle_applicant_erased(
    event: CloudEvent[events.ApplicantErased], uow: UnitOfWork
) -> None:
    """Delete the eligibility inputs; ids, preferences and the decision stay (no contact data
    is ever kept here). Erasing an applicant matching never saw is a no-op."""
    await applicants.erase(uow, event.data.application_id, event.data.erased_at)


async def handle_selection_decided(
    event: CloudEvent[events.SelectionDecided], uow: UnitOfWork
) -> None:
    """A selected applicant becomes matchable, ranked by their selection rank; the
    waitlisted and the rejected are not (a waitlisted one may be promoted later)."""
    data = event.data
    if data.outcome == SelectionOutcome.SELECTED:
        assert data.rank is not None
        await _select(uow, data.programme_id, data.application_id, data.rank)


async def handle_waitlist_promoted(
    event: CloudEvent[events.WaitlistPromoted], uow: UnitOfWork
) -> None:
    data = event.data
    await _select(uow, data.programme_id, data.application_id, data.rank)


async def _select(uow: UnitOfWork, programme_id: str, application_id: UUID, rank: int) -> None:
    programme = await _programme(uow, programme_id, f"selection of {application_id}")
    if not await applicants.mark_selected(uow, application_id, rank, uow.now()):
        raise PermanentHandlerError(f"selection of {application_id}, never decided here")
    await placement.rematch(uow, programme, now=uow.now(), trigger="selection")


EVENT_HANDLERS: HandlerRegistry = {
    events.ApplicationSubmitted: handle_application_submitted,
    events.ApplicationSubmittedV2: handle_application_submitted,
    events.ApplicationWithdrawn: handle_application_withdrawn,
    events.PlacementAccepted: handle_placement_accepted,
    events.PlacementDeclined: handle_placement_declined,
    events.ApplicantErased: handle_applicant_erased,
    events.SelectionDecided: handle_selection_decided,
    events.WaitlistPromoted: handle_waitlist_promoted,
    events.PlacementOfferWithdrawn: handle_placement_offer_withdrawn,
    events.PlacementWithdrawn: handle_placement_withdrawn,
}
# What this service consumes: the events its handler registry handles.
CONSUMES: frozenset[type[EventData]] = frozenset(EVENT_HANDLERS)

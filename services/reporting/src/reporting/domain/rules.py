"""How each event changes the facts: pure functions ``(facts so far | None, event data) -> facts``.

Every rule is idempotent (the same event twice changes nothing) and commutative (events
about one thing give the same facts whatever their order): a timestamp keeps its earliest
value, a "latest wins" field compares a total order, and each event fills in only the
fields it knows. That is what makes the projections exact under redelivery, duplicates
and out-of-order arrival across topics.
"""

from datetime import datetime
from typing import Any, Protocol, TypeVar
from uuid import UUID

from reporting.domain.facts import (
    ApplicationFacts,
    Completion,
    CouncilFacts,
    Decision,
    DeliveryFailure,
    HoursEntry,
    OfferFacts,
    OfferWithdrawal,
    PlacementFacts,
    ProgrammeFacts,
    Reregistration,
    SignInRequest,
    Start,
    VacancyFacts,
    Withdrawal,
    evolve,
)
from returners_platform.contracts import events
from returners_platform.contracts.eligibility_rules import reasons_applied


def earliest(current: datetime | None, new: datetime) -> datetime:
    return new if current is None else min(current, new)


def _application(
    current: ApplicationFacts | None, application_id: UUID, programme_id: str
) -> ApplicationFacts:
    return current or ApplicationFacts(application_id=application_id, programme_id=programme_id)


def record_submission(
    current: ApplicationFacts | None, data: events.AnyApplicationSubmitted
) -> ApplicationFacts:
    facts = _application(current, data.application_id, data.programme_id)
    new = (
        data.submitted_at,
        data.programme_id,
        str(data.preferences.regions[0]),
        events.job_families_chosen(data)[0],
    )
    if facts.submitted_at is not None:
        old = (
            facts.submitted_at,
            facts.programme_id,
            facts.first_region or "",
            facts.first_specialism or "",
        )
        if old <= new:
            return facts
    submitted_at, programme_id, region, specialism = new
    return evolve(
        facts,
        submitted_at=submitted_at,
        programme_id=programme_id,
        first_region=region,
        first_specialism=specialism,
    )


def record_decision(
    current: ApplicationFacts | None, data: events.EligibilityDecided
) -> ApplicationFacts:
    facts = _application(current, data.application_id, data.programme_id)
    decision = Decision(
        eligible=data.eligible,
        reasons=tuple(sorted(str(r) for r in data.reasons)),
        years_out=data.years_out_of_practice,
        decided_at=data.decided_at,
    )
    if facts.decision is not None and facts.decision.order() >= decision.order():
        return facts
    return evolve(facts, decision=decision)


def record_withdrawal(
    current: ApplicationFacts | None, data: events.ApplicationWithdrawn
) -> ApplicationFacts:
    facts = _application(current, data.application_id, data.programme_id)
    return evolve(facts, withdrawn_at=earliest(facts.withdrawn_at, data.withdrawn_at))


def record_erasure(
    current: ApplicationFacts | None, data: events.ApplicantErased
) -> ApplicationFacts:
    """Personal data was erased elsewhere; the statistics stay exactly as they were."""
    facts = _application(current, data.application_id, data.programme_id)
    return evolve(facts, erased_at=earliest(facts.erased_at, data.erased_at))


def _with_offer(
    current: ApplicationFacts | None,
    data: events.AnyPlacementOffered
    | events.PlacementAccepted
    | events.PlacementDeclined
    | events.PlacementOfferExpired
    | events.ReturnerHired,
    **fields: Any,
) -> ApplicationFacts:
    facts = _application(current, data.application_id, data.programme_id)
    offer = facts.offers.get(data.offer_id) or OfferFacts(
        offer_id=data.offer_id, council_id=data.council_id, vacancy_id=data.vacancy_id
    )
    return evolve(facts, offers={**facts.offers, data.offer_id: evolve(offer, **fields)})


def _offer(current: ApplicationFacts | None, offer_id: UUID) -> OfferFacts | None:
    return current.offers.get(offer_id) if current is not None else None


def record_offer(
    current: ApplicationFacts | None, data: events.AnyPlacementOffered
) -> ApplicationFacts:
    offer = _offer(current, data.offer_id)
    new = (data.offered_at, str(data.region), events.job_family_of(data))
    if offer is not None and offer.offered_at is not None:
        old = (offer.offered_at, offer.region or "", offer.specialism or "")
        if old <= new:
            return _with_offer(current, data)
    offered_at, region, specialism = new
    return _with_offer(current, data, offered_at=offered_at, region=region, specialism=specialism)


def record_acceptance(
    current: ApplicationFacts | None, data: events.PlacementAccepted
) -> ApplicationFacts:
    offer = _offer(current, data.offer_id)
    return _with_offer(
        current, data, accepted_at=earliest(offer.accepted_at if offer else None, data.accepted_at)
    )


def record_declination(
    current: ApplicationFacts | None, data: events.PlacementDeclined
) -> ApplicationFacts:
    offer = _offer(current, data.offer_id)
    return _with_offer(
        current, data, declined_at=earliest(offer.declined_at if offer else None, data.declined_at)
    )


def record_expiry(
    current: ApplicationFacts | None, data: events.PlacementOfferExpired
) -> ApplicationFacts:
    offer = _offer(current, data.offer_id)
    return _with_offer(
        current, data, expired_at=earliest(offer.expired_at if offer else None, data.expired_at)
    )


def record_hire(current: ApplicationFacts | None, data: events.ReturnerHired) -> ApplicationFacts:
    offer = _offer(current, data.offer_id)
    return _with_offer(
        current, data, hired_at=earliest(offer.hired_at if offer else None, data.hired_at)
    )


def record_programme(
    current: ProgrammeFacts | None, data: events.AnyProgrammePublished
) -> ProgrammeFacts:
    """The latest publication of a programme describes it."""
    applied = reasons_applied(events.as_v3(data).eligibility)
    new = ProgrammeFacts(
        data.programme_id,
        data.title,
        data.places,
        data.published_at,
        ",".join(reason.value for reason in applied),
    )
    return current if current is not None and current.order() >= new.order() else new


def record_council(current: CouncilFacts | None, data: events.CouncilRegistered) -> CouncilFacts:
    new = CouncilFacts(data.council_id, data.name, data.registered_at)
    return current if current is not None and current.order() >= new.order() else new


def record_vacancy(current: VacancyFacts | None, data: events.AnyVacancyPublished) -> VacancyFacts:
    """The highest revision of a vacancy describes it; a close stays a close."""
    facts = current or VacancyFacts(data.vacancy_id, data.council_id, data.programme_id)
    job_family = events.job_family_of(data)
    new = (data.revision, data.published_at, data.slots, str(data.region), job_family)
    if facts.revision is not None and facts.published_at is not None:
        old = (
            facts.revision,
            facts.published_at,
            facts.slots or 0,
            facts.region or "",
            facts.specialism or "",
        )
        if old >= new:
            return facts
    return evolve(
        facts,
        council_id=data.council_id,
        programme_id=data.programme_id,
        revision=data.revision,
        published_at=data.published_at,
        slots=data.slots,
        region=str(data.region),
        specialism=job_family,
    )


def record_vacancy_closed(current: VacancyFacts | None, data: events.VacancyClosed) -> VacancyFacts:
    facts = current or VacancyFacts(data.vacancy_id, data.council_id, data.programme_id)
    return evolve(facts, closed_at=earliest(facts.closed_at, data.closed_at))


def record_delivery_failure(
    current: DeliveryFailure | None, data: events.NotificationDeliveryFailed
) -> DeliveryFailure:
    new = DeliveryFailure(
        data.delivery_id,
        str(data.channel),
        data.recipient_id,
        data.source_event_type,
        data.failed_at,
    )
    if current is not None and (current.failed_at, current.source_event_type) <= (
        new.failed_at,
        new.source_event_type,
    ):
        return current
    return new


def record_sign_in_request(
    current: SignInRequest | None, data: events.SignInLinkRequested
) -> SignInRequest:
    return current or SignInRequest(data.sign_in_request_id, data.requested_at)


# -- selection (programmes with selection) ----------------------------------------------


def _selection(
    current: ApplicationFacts | None, application_id: UUID, programme_id: str, **changes: Any
) -> ApplicationFacts:
    facts = _application(current, application_id, programme_id)
    return evolve(facts, selection=evolve(facts.selection, **changes))


def record_assessment_invited(
    current: ApplicationFacts | None, data: events.AssessmentInvited
) -> ApplicationFacts:
    facts = _application(current, data.application_id, data.programme_id)
    at = earliest(facts.selection.invited_at, data.invited_at)
    return _selection(facts, data.application_id, data.programme_id, invited_at=at)


def record_assessment_scored(
    current: ApplicationFacts | None, data: events.AssessmentScored
) -> ApplicationFacts:
    """The latest attempt counts (the same attempt is the same score: its result is once)."""
    facts = _application(current, data.application_id, data.programme_id)
    new = (data.attempt, data.score)
    old = facts.selection.assessment
    latest = new if old is None else max(old, new)
    return _selection(facts, data.application_id, data.programme_id, assessment=latest)


def record_interview_invited(
    current: ApplicationFacts | None, data: events.InterviewInvited
) -> ApplicationFacts:
    facts = _application(current, data.application_id, data.programme_id)
    at = earliest(facts.selection.interview_invited_at, data.invited_at)
    return _selection(facts, data.application_id, data.programme_id, interview_invited_at=at)


def record_interview_scored(
    current: ApplicationFacts | None, data: events.InterviewScored
) -> ApplicationFacts:
    """An interview is completed once: attended (scored) or missed."""
    facts = _application(current, data.application_id, data.programme_id)
    if facts.selection.attended is not None:
        return facts
    return _selection(facts, data.application_id, data.programme_id, attended=data.attended)


def record_selection_decided(
    current: ApplicationFacts | None, data: events.SelectionDecided
) -> ApplicationFacts:
    """One result per application; were there two, the later decision counts."""
    facts = _application(current, data.application_id, data.programme_id)
    old = facts.selection
    if old.decided_at is not None and old.decided_at >= data.decided_at:
        return facts
    return _selection(
        facts,
        data.application_id,
        data.programme_id,
        outcome=data.outcome.value,
        reasons=tuple(sorted(r.value for r in data.reasons)),
        decided_at=data.decided_at,
    )


def record_waitlist_promoted(
    current: ApplicationFacts | None, data: events.WaitlistPromoted
) -> ApplicationFacts:
    facts = _application(current, data.application_id, data.programme_id)
    at = earliest(facts.selection.promoted_at, data.promoted_at)
    return _selection(facts, data.application_id, data.programme_id, promoted_at=at)


def record_nothing(current: ApplicationFacts | None, data: Any) -> ApplicationFacts:
    """An event about an application that changes no figure (interview bookings)."""
    return _application(current, data.application_id, data.programme_id)


# -- training: placements after acceptance (returners.training) --------------------------

_PlacementEvent = (
    events.PlacementOpened
    | events.PlacementConditionRecorded
    | events.PlacementConditionsMet
    | events.PlacementOfferWithdrawn
    | events.PlacementStarted
    | events.HoursLogged
    | events.PlacementCompleted
    | events.PlacementWithdrawn
    | events.ReturnerReregistered
)


class _Ordered(Protocol):
    def order(self) -> Any: ...


M = TypeVar("M", bound=_Ordered)


def first(current: M | None, new: M) -> M:
    """The milestone reported first (its total order breaks ties): the same whatever the
    order or number of its reports."""
    return new if current is None or new.order() < current.order() else current


def _lowest(current: UUID | None, new: UUID | None) -> UUID | None:
    known = [u for u in (current, new) if u is not None]
    return min(known, key=str) if known else None


def _with_placement(
    current: ApplicationFacts | None, data: _PlacementEvent, **changes: Any
) -> ApplicationFacts:
    """The application's facts with one placement changed (created from the event if new).

    Every event about a placement names its council (and some its vacancy); were two ever
    to disagree, the lowest id is kept, so the facts still do not depend on the order.
    """
    facts = _application(current, data.application_id, data.programme_id)
    placement = facts.placements.get(data.placement_id) or PlacementFacts(
        placement_id=data.placement_id, council_id=data.council_id
    )
    vacancy_id = getattr(data, "vacancy_id", None)
    placement = evolve(
        placement,
        council_id=_lowest(placement.council_id, data.council_id) or data.council_id,
        vacancy_id=_lowest(placement.vacancy_id, vacancy_id),
        **changes,
    )
    return evolve(facts, placements={**facts.placements, data.placement_id: placement})


def _placement(current: ApplicationFacts | None, placement_id: UUID) -> PlacementFacts | None:
    return current.placements.get(placement_id) if current is not None else None


def record_placement_opened(
    current: ApplicationFacts | None, data: events.PlacementOpened
) -> ApplicationFacts:
    placement = _placement(current, data.placement_id)
    opened_at = earliest(placement.opened_at if placement else None, data.opened_at)
    return _with_placement(current, data, opened_at=opened_at)


def record_condition(
    current: ApplicationFacts | None, data: events.PlacementConditionRecorded
) -> ApplicationFacts:
    """A condition's status changes no figure (its outcome arrives as conditions met or an
    offer withdrawn); the placement is known from it all the same."""
    return _with_placement(current, data)


def record_conditions_met(
    current: ApplicationFacts | None, data: events.PlacementConditionsMet
) -> ApplicationFacts:
    placement = _placement(current, data.placement_id)
    met_at = earliest(placement.conditions_met_at if placement else None, data.met_at)
    return _with_placement(current, data, conditions_met_at=met_at)


def record_offer_withdrawn(
    current: ApplicationFacts | None, data: events.PlacementOfferWithdrawn
) -> ApplicationFacts:
    placement = _placement(current, data.placement_id)
    new = OfferWithdrawal(
        data.withdrawn_at,
        data.condition.value,
        data.condition_reason.value if data.condition_reason else None,
    )
    return _with_placement(
        current, data, offer_withdrawn=first(placement.offer_withdrawn if placement else None, new)
    )


def record_placement_started(
    current: ApplicationFacts | None, data: events.PlacementStarted
) -> ApplicationFacts:
    placement = _placement(current, data.placement_id)
    new = Start(data.started_at, data.starts_on)
    return _with_placement(
        current, data, started=first(placement.started if placement else None, new)
    )


def record_hours(current: ApplicationFacts | None, data: events.HoursLogged) -> ApplicationFacts:
    """Every entry is kept by its id (a correction is a new entry that supersedes another):
    which entries count is derived from the whole set, so arrival order cannot change it."""
    placement = _placement(current, data.placement_id)
    entries = placement.hours if placement else {}
    new = HoursEntry(data.kind.value, data.hours, data.worked_on, data.supersedes)
    known = entries.get(data.entry_id)
    if known is not None and known.order() <= new.order():
        return _with_placement(current, data)
    return _with_placement(current, data, hours={**entries, data.entry_id: new})


def record_placement_completed(
    current: ApplicationFacts | None, data: events.PlacementCompleted
) -> ApplicationFacts:
    placement = _placement(current, data.placement_id)
    new = Completion(data.completed_at, data.started_on, data.completed_on)
    return _with_placement(
        current, data, completed=first(placement.completed if placement else None, new)
    )


def record_placement_withdrawn(
    current: ApplicationFacts | None, data: events.PlacementWithdrawn
) -> ApplicationFacts:
    placement = _placement(current, data.placement_id)
    new = Withdrawal(data.withdrawn_at, data.reason.value, data.started)
    return _with_placement(
        current, data, withdrawn=first(placement.withdrawn if placement else None, new)
    )


def record_reregistration(
    current: ApplicationFacts | None, data: events.ReturnerReregistered
) -> ApplicationFacts:
    placement = _placement(current, data.placement_id)
    new = Reregistration(data.recorded_at, data.decided_on)
    return _with_placement(
        current, data, reregistered=first(placement.reregistered if placement else None, new)
    )

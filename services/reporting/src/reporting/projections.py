"""Which projection rule each event feeds, and which facts it changes: the registry.

faust drives the consumption (``reporting.stream``); for every event the projector looks
up its ``Projection`` here, loads the facts it is about (by the store's key), applies the
pure rule from ``domain.rules`` and derives the read models from the new facts.
``CONSUMES``, what reporting consumes, is read from it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from reporting.domain import rules
from returners_platform.contracts import events
from returners_platform.contracts.envelope import EventData


class Store(StrEnum):
    """A kind of facts, and the event field that says which record an event is about."""

    APPLICATIONS = "application_id"
    PROGRAMMES = "programme_id"
    COUNCILS = "council_id"
    VACANCIES = "vacancy_id"
    DELIVERY_FAILURES = "delivery_id"
    SIGN_IN_REQUESTS = "sign_in_request_id"


@dataclass(frozen=True)
class Projection:
    store: Store
    rule: Callable[[Any, Any], Any]  # (facts so far or None, event data) -> new facts
    # The event's field that names its record (a plain str: an enum's ``.value`` is a
    # property, read for every event projected).
    key_field: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key_field", str(self.store.value))

    def key(self, data: EventData) -> Any:
        return getattr(data, self.key_field)


PROJECTIONS: dict[type[EventData], Projection] = {
    events.ApplicationSubmitted: Projection(Store.APPLICATIONS, rules.record_submission),
    events.ApplicationSubmittedV2: Projection(Store.APPLICATIONS, rules.record_submission),
    events.EligibilityDecided: Projection(Store.APPLICATIONS, rules.record_decision),
    events.PlacementOffered: Projection(Store.APPLICATIONS, rules.record_offer),
    events.PlacementOfferedV2: Projection(Store.APPLICATIONS, rules.record_offer),
    events.PlacementAccepted: Projection(Store.APPLICATIONS, rules.record_acceptance),
    events.PlacementDeclined: Projection(Store.APPLICATIONS, rules.record_declination),
    events.PlacementOfferExpired: Projection(Store.APPLICATIONS, rules.record_expiry),
    events.ReturnerHired: Projection(Store.APPLICATIONS, rules.record_hire),
    events.ApplicationWithdrawn: Projection(Store.APPLICATIONS, rules.record_withdrawal),
    events.ApplicantErased: Projection(Store.APPLICATIONS, rules.record_erasure),
    events.ProgrammePublished: Projection(Store.PROGRAMMES, rules.record_programme),
    events.ProgrammePublishedV2: Projection(Store.PROGRAMMES, rules.record_programme),
    events.ProgrammePublishedV3: Projection(Store.PROGRAMMES, rules.record_programme),
    events.AssessmentInvited: Projection(Store.APPLICATIONS, rules.record_assessment_invited),
    events.AssessmentScored: Projection(Store.APPLICATIONS, rules.record_assessment_scored),
    events.InterviewInvited: Projection(Store.APPLICATIONS, rules.record_interview_invited),
    events.InterviewScored: Projection(Store.APPLICATIONS, rules.record_interview_scored),
    events.SelectionDecided: Projection(Store.APPLICATIONS, rules.record_selection_decided),
    events.WaitlistPromoted: Projection(Store.APPLICATIONS, rules.record_waitlist_promoted),
    events.InterviewBookingRequested: Projection(Store.APPLICATIONS, rules.record_nothing),
    events.InterviewBooked: Projection(Store.APPLICATIONS, rules.record_nothing),
    events.InterviewCancelled: Projection(Store.APPLICATIONS, rules.record_nothing),
    events.InterviewSlotUnavailable: Projection(Store.APPLICATIONS, rules.record_nothing),
    events.CouncilRegistered: Projection(Store.COUNCILS, rules.record_council),
    events.VacancyPublished: Projection(Store.VACANCIES, rules.record_vacancy),
    events.VacancyPublishedV2: Projection(Store.VACANCIES, rules.record_vacancy),
    events.VacancyClosed: Projection(Store.VACANCIES, rules.record_vacancy_closed),
    events.NotificationDeliveryFailed: Projection(
        Store.DELIVERY_FAILURES, rules.record_delivery_failure
    ),
    events.SignInLinkRequested: Projection(Store.SIGN_IN_REQUESTS, rules.record_sign_in_request),
    events.ReferenceRequested: Projection(Store.APPLICATIONS, rules.record_nothing),
    events.ReferenceReceived: Projection(Store.APPLICATIONS, rules.record_nothing),
    # counted once training confirms it (returner.reregistered)
    events.ReregistrationReported: Projection(Store.APPLICATIONS, rules.record_nothing),
    # training (returners.training): each placement is part of its application's facts, so
    # its band (the eligibility decision) and region (the offer) join whatever the order.
    events.PlacementOpened: Projection(Store.APPLICATIONS, rules.record_placement_opened),
    events.PlacementConditionRecorded: Projection(Store.APPLICATIONS, rules.record_condition),
    events.PlacementConditionsMet: Projection(Store.APPLICATIONS, rules.record_conditions_met),
    events.PlacementOfferWithdrawn: Projection(Store.APPLICATIONS, rules.record_offer_withdrawn),
    events.PlacementStarted: Projection(Store.APPLICATIONS, rules.record_placement_started),
    events.HoursLogged: Projection(Store.APPLICATIONS, rules.record_hours),
    events.PlacementCompleted: Projection(Store.APPLICATIONS, rules.record_placement_completed),
    events.PlacementWithdrawn: Projection(Store.APPLICATIONS, rules.record_placement_withdrawn),
    events.ReturnerReregistered: Projection(Store.APPLICATIONS, rules.record_reregistration),
}
# What this service consumes: every event its projections read (the faust worker does).
CONSUMES: frozenset[type[EventData]] = frozenset(PROJECTIONS)

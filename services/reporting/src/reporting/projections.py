"""Which projection rule each event feeds, and which facts it changes: the registry.

faust drives the consumption (``reporting.stream``); for every event the projector looks
up its ``Projection`` here, loads the facts it is about (by the store's key), applies the
pure rule from ``domain.rules`` and derives the read models from the new facts. The
composition root declares what reporting consumes from it (``bootstrap.CONSUMES``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from reporting.domain import rules
from returners_platform.contracts.envelope import EventData
from returners_platform.contracts.events import (
    ApplicantErased,
    ApplicationSubmitted,
    ApplicationWithdrawn,
    CouncilRegistered,
    EligibilityDecided,
    NotificationDeliveryFailed,
    PlacementAccepted,
    PlacementDeclined,
    PlacementOffered,
    PlacementOfferExpired,
    ProgrammePublished,
    ReturnerHired,
    VacancyClosed,
    VacancyPublished,
)


class Store(StrEnum):
    """A kind of facts, and the event field that says which record an event is about."""

    APPLICATIONS = "application_id"
    PROGRAMMES = "programme_id"
    COUNCILS = "council_id"
    VACANCIES = "vacancy_id"
    DELIVERY_FAILURES = "delivery_id"


@dataclass(frozen=True)
class Projection:
    store: Store
    rule: Callable[[Any, Any], Any]  # (facts so far or None, event data) -> new facts

    def key(self, data: EventData) -> Any:
        return getattr(data, self.store.value)


PROJECTIONS: dict[type[EventData], Projection] = {
    ApplicationSubmitted: Projection(Store.APPLICATIONS, rules.record_submission),
    EligibilityDecided: Projection(Store.APPLICATIONS, rules.record_decision),
    PlacementOffered: Projection(Store.APPLICATIONS, rules.record_offer),
    PlacementAccepted: Projection(Store.APPLICATIONS, rules.record_acceptance),
    PlacementDeclined: Projection(Store.APPLICATIONS, rules.record_declination),
    PlacementOfferExpired: Projection(Store.APPLICATIONS, rules.record_expiry),
    ReturnerHired: Projection(Store.APPLICATIONS, rules.record_hire),
    ApplicationWithdrawn: Projection(Store.APPLICATIONS, rules.record_withdrawal),
    ApplicantErased: Projection(Store.APPLICATIONS, rules.record_erasure),
    ProgrammePublished: Projection(Store.PROGRAMMES, rules.record_programme),
    CouncilRegistered: Projection(Store.COUNCILS, rules.record_council),
    VacancyPublished: Projection(Store.VACANCIES, rules.record_vacancy),
    VacancyClosed: Projection(Store.VACANCIES, rules.record_vacancy_closed),
    NotificationDeliveryFailed: Projection(Store.DELIVERY_FAILURES, rules.record_delivery_failure),
}

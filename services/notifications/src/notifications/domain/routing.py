"""Which events a council may subscribe to, and which councils an event concerns.

A council only ever receives events about its own vacancies and offers. Events
that carry a ``council_id`` go to that council; the two that do not
(``application.withdrawn``, ``applicant.erased``) go to every council that had
offered that application a placement (learnt from ``placement.offered``).
The training service's events (a placement from its conditions to re-registration) carry
the council of the placement and go to it alone. ``selection.decided`` comes before any
offer: it goes to the councils that offered the applicant a placement, then or later (the
planner keeps it until an offer is made).
Everything else (submissions, eligibility, programmes) is no council's business.
"""

from dataclasses import dataclass
from uuid import UUID

from returners_platform.contracts.catalogue import spec_for, spec_for_short_name
from returners_platform.contracts.envelope import EventData
from returners_platform.contracts.events import (
    ApplicantErased,
    ApplicationWithdrawn,
    CouncilRegistered,
    HoursLogged,
    PlacementAccepted,
    PlacementCompleted,
    PlacementConditionRecorded,
    PlacementConditionsMet,
    PlacementDeclined,
    PlacementOffered,
    PlacementOfferedV2,
    PlacementOfferExpired,
    PlacementOfferWithdrawn,
    PlacementOpened,
    PlacementStarted,
    PlacementWithdrawn,
    ReturnerHired,
    ReturnerReregistered,
    SelectionDecided,
    VacancyClosed,
    VacancyPublished,
    VacancyPublishedV2,
)
from returners_platform.errors import Refused

ROUTED_BY_COUNCIL = (
    PlacementOffered,
    PlacementOfferedV2,
    PlacementAccepted,
    PlacementDeclined,
    PlacementOfferExpired,
    ReturnerHired,
    VacancyPublished,
    VacancyPublishedV2,
    VacancyClosed,
    CouncilRegistered,
    # training: the council of the placement
    PlacementOpened,
    PlacementConditionRecorded,
    PlacementConditionsMet,
    PlacementOfferWithdrawn,
    PlacementStarted,
    HoursLogged,
    PlacementCompleted,
    PlacementWithdrawn,
    ReturnerReregistered,
)
ROUTED_BY_OFFERS = (ApplicationWithdrawn, ApplicantErased, SelectionDecided)
SELECTION_DECIDED = spec_for(SelectionDecided).short_name

SUBSCRIBABLE_EVENT_TYPES: tuple[str, ...] = tuple(
    spec_for(model).short_name for model in ROUTED_BY_COUNCIL + ROUTED_BY_OFFERS
)


@dataclass(frozen=True)
class ToCouncil:
    council_id: UUID


@dataclass(frozen=True)
class ToCouncilsThatOffered:
    application_id: UUID


@dataclass(frozen=True)
class ToNobody:
    pass


Route = ToCouncil | ToCouncilsThatOffered | ToNobody


def route(data: EventData) -> Route:
    if isinstance(data, ROUTED_BY_COUNCIL):
        return ToCouncil(data.council_id)
    if isinstance(data, ROUTED_BY_OFFERS):
        return ToCouncilsThatOffered(data.application_id)
    return ToNobody()


def short_name(data: EventData) -> str:
    """``placement.offered`` for a PlacementOffered: the name subscriptions use."""
    return spec_for(type(data)).short_name


def check_event_type(name: str) -> str:
    """A subscribable event type name, or a refusal that says what is accepted."""
    if name in SUBSCRIBABLE_EVENT_TYPES:
        return name
    known = spec_for_short_name(name) is not None
    why = "is not about a council's vacancies or offers" if known else "is not an event type"
    raise Refused(
        "unknown_event_type",
        f"{name!r} {why}; choose from {', '.join(SUBSCRIBABLE_EVENT_TYPES)}",
    )

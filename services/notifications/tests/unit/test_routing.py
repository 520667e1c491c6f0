"""Which councils an event concerns, and which event types a council may subscribe to."""

import uuid

import pytest

from notifications.domain.routing import (
    SUBSCRIBABLE_EVENT_TYPES,
    ToCouncil,
    ToCouncilsThatOffered,
    ToNobody,
    check_event_type,
    route,
    short_name,
)
from returners_platform.contracts import events
from returners_platform.contracts.catalogue import CATALOGUE
from returners_platform.contracts.examples import EXAMPLES
from returners_platform.errors import Refused

COUNCIL = uuid.UUID("0c7a3d52-6f65-4a8e-a6d1-0d7b9e3c4b10")  # the examples' council
APPLICATION = uuid.UUID("5b0c6f0e-8d8a-4c53-9d6b-3f1f8c1d2a01")  # the examples' application


@pytest.mark.parametrize(
    "model",
    [
        events.PlacementOffered,
        events.PlacementAccepted,
        events.PlacementDeclined,
        events.PlacementOfferExpired,
        events.ReturnerHired,
        events.VacancyPublished,
        events.VacancyClosed,
        events.CouncilRegistered,
        events.PlacementOpened,
        events.PlacementConditionRecorded,
        events.PlacementConditionsMet,
        events.PlacementOfferWithdrawn,
        events.PlacementStarted,
        events.HoursLogged,
        events.PlacementCompleted,
        events.PlacementWithdrawn,
        events.ReturnerReregistered,
    ],
)
def test_events_naming_a_council_go_to_that_council(model: type) -> None:
    assert route(EXAMPLES[model]) == ToCouncil(COUNCIL)


@pytest.mark.parametrize(
    "model", [events.ApplicationWithdrawn, events.ApplicantErased, events.SelectionDecided]
)
def test_events_without_a_council_go_to_councils_that_offered_the_application(model: type) -> None:
    assert route(EXAMPLES[model]) == ToCouncilsThatOffered(APPLICATION)


@pytest.mark.parametrize(
    "model",
    [
        events.ApplicationSubmitted,
        events.EligibilityDecided,
        events.ProgrammePublished,
        events.NotificationDeliveryFailed,
    ],
)
def test_events_about_no_council_go_to_nobody(model: type) -> None:
    assert route(EXAMPLES[model]) == ToNobody()


def test_every_catalogued_event_has_a_routing_decision() -> None:
    for spec in CATALOGUE:
        routed = not isinstance(route(EXAMPLES[spec.model]), ToNobody)
        assert routed == (spec.short_name in SUBSCRIBABLE_EVENT_TYPES), spec.short_name


def test_subscribable_names_are_the_short_names_of_the_catalogue() -> None:
    assert "placement.offered" in SUBSCRIBABLE_EVENT_TYPES
    assert "placement.offer_expired" in SUBSCRIBABLE_EVENT_TYPES
    assert short_name(EXAMPLES[events.ReturnerHired]) == "returner.hired"


def test_a_subscribable_name_is_accepted() -> None:
    assert check_event_type("application.withdrawn") == "application.withdrawn"
    assert check_event_type("selection.decided") == "selection.decided"


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("placement.exploded", "is not an event type"),
        ("returners.placement.offered.v1", "is not an event type"),
        ("application.submitted", "is not about a council's vacancies or offers"),
        ("eligibility.decided", "is not about a council's vacancies or offers"),
    ],
)
def test_other_names_are_refused_saying_why(name: str, why: str) -> None:
    with pytest.raises(Refused) as refused:
        check_event_type(name)
    assert why in refused.value.message
    assert "placement.offered" in refused.value.message


def test_a_council_may_subscribe_to_every_step_of_its_placements() -> None:
    for name in (
        "placement.opened",
        "placement.condition_recorded",
        "placement.conditions_met",
        "placement.offer_withdrawn",
        "placement.started",
        "hours.logged",
        "placement.completed",
        "placement.withdrawn",
        "returner.reregistered",
    ):
        assert check_event_type(name) == name
    with pytest.raises(Refused):  # the returner's own report carries no council
        check_event_type("reregistration.reported")

"""The projection rules: idempotent and order-independent, so figures are exact."""

import dataclasses
import itertools
from typing import Any

import pytest

from reporting.domain.facts import ApplicationFacts, VacancyFacts, evolve
from reporting.domain.rules import record_programme
from reporting.projections import PROJECTIONS, Store
from returners_platform.contracts import events
from returners_platform.contracts.eligibility_rules import SOCIAL_WORK_REASONS
from returners_platform.contracts.examples import EXAMPLES

from ..history import (
    APPLICATION_EVENTS,
    COUNCIL_A,
    COUNCIL_EVENTS,
    PLACEMENT_EVENTS,
    SE,
    VACANCY_A1,
    YH,
    accepted,
    app_id,
    at,
    decided,
    declined,
    hired,
    offer_id,
    offered,
    programme,
    submitted,
    withdrawn,
)


def fold(events: list[Any]) -> dict[Any, Any]:
    """Apply events in order the way the projector does; the facts of every key."""
    facts: dict[Any, Any] = {}
    for data in events:
        projection = PROJECTIONS[type(data)]
        key = (projection.store, projection.key(data))
        facts[key] = projection.rule(facts.get(key), data)
    return facts


APP2 = [
    submitted(2, at(3, 2, 18), "London", "adults"),
    decided(2, True, 3.0),
    offered(2, 2, COUNCIL_A, VACANCY_A1, YH, "adults", at(3, 7, 18)),
    declined(2, 2, COUNCIL_A, VACANCY_A1, at(3, 8, 9)),
    offered(2, 3, COUNCIL_A, VACANCY_A1, SE, "children", at(3, 22, 18)),
    accepted(2, 3, COUNCIL_A, VACANCY_A1, at(3, 23, 9)),
]


def test_every_order_of_one_applications_events_gives_the_same_facts() -> None:
    expected = fold(APP2)
    for order in itertools.permutations(APP2):
        assert fold(list(order)) == expected


def test_an_event_applied_twice_changes_nothing() -> None:
    once = fold(APP2)
    for i in range(len(APP2)):
        assert fold([*APP2[: i + 1], APP2[i], *APP2[i + 1 :]]) == once


def test_the_whole_known_history_gives_the_same_facts_backwards() -> None:
    history = PLACEMENT_EVENTS + APPLICATION_EVENTS + COUNCIL_EVENTS
    assert fold(list(reversed(history))) == fold(history)


def test_an_offer_event_before_the_submission_keeps_every_fact() -> None:
    facts = fold([APP2[2], APP2[3], APP2[0]])[(Store.APPLICATIONS, app_id(2))]
    assert isinstance(facts, ApplicationFacts)
    assert facts.submitted_at == at(3, 2, 18)
    assert facts.first_region == "London"
    offer = facts.offers[offer_id(2)]
    assert (offer.region, offer.offered_at, offer.declined_at) == (YH, at(3, 7, 18), at(3, 8, 9))


def test_an_acceptance_before_its_offer_creates_the_offer_then_the_offer_completes_it() -> None:
    facts = fold([APP2[5], APP2[4]])[(Store.APPLICATIONS, app_id(2))]
    offer = facts.offers[offer_id(3)]
    assert (offer.council_id, offer.region, offer.accepted_at) == (COUNCIL_A, SE, at(3, 23, 9))


def test_the_latest_eligibility_decision_wins_whatever_the_order() -> None:
    first = decided(2, False, 1.0, ("time_out_of_practice",), when=at(3, 10, 9))
    second = decided(2, True, 2.5, when=at(3, 11, 9))
    for order in ([first, second], [second, first]):
        decision = fold(order)[(Store.APPLICATIONS, app_id(2))].decision
        assert (decision.eligible, decision.years_out) == (True, 2.5)


def test_reasons_are_kept_in_one_canonical_order() -> None:
    a = decided(3, False, 12.0, ("time_out_of_practice", "right_to_work"))
    b = decided(3, False, 12.0, ("right_to_work", "time_out_of_practice"))
    assert fold([a])[(Store.APPLICATIONS, app_id(3))] == fold([b])[(Store.APPLICATIONS, app_id(3))]


def test_timestamps_keep_their_earliest_value() -> None:
    facts = fold([withdrawn(8, at(3, 7, 10)), withdrawn(8, at(3, 6, 10))])
    assert facts[(Store.APPLICATIONS, app_id(8))].withdrawn_at == at(3, 6, 10)
    twice = fold(
        [
            hired(1, 1, COUNCIL_A, VACANCY_A1, at(4, 2, 9)),
            hired(1, 1, COUNCIL_A, VACANCY_A1, at(4, 1, 9)),
        ]
    )
    assert twice[(Store.APPLICATIONS, app_id(1))].offers[offer_id(1)].hired_at == at(4, 1, 9)


def test_a_vacancy_is_described_by_its_highest_revision_and_a_close_sticks() -> None:
    facts = fold(COUNCIL_EVENTS)
    a1 = facts[(Store.VACANCIES, VACANCY_A1)]
    assert isinstance(a1, VacancyFacts)
    assert (a1.revision, a1.slots, a1.closed_at) == (2, 3, None)
    closed = [f for (store, _), f in facts.items() if store is Store.VACANCIES and f.closed_at]
    assert len(closed) == 1
    assert closed[0].slots == 1


@pytest.mark.parametrize("places", [[200, 150], [150, 200]])
def test_a_programme_is_described_by_its_latest_publication(places: list[int]) -> None:
    older = programme(places=places[0], published_at=at(1, 1, 9))
    newer = programme(places=places[1], published_at=at(1, 2, 9))
    assert record_programme(record_programme(None, older), newer).places == places[1]
    assert record_programme(record_programme(None, newer), older).places == places[1]


def test_evolving_facts_gives_what_replacing_their_fields_gives() -> None:
    facts = fold(APP2)[(Store.APPLICATIONS, app_id(2))]
    changes = {"withdrawn_at": at(4, 1, 9), "first_region": "North West"}
    evolved = evolve(facts, **changes)
    assert evolved == dataclasses.replace(facts, **changes)
    assert facts.withdrawn_at is None  # the facts it came from are unchanged


def test_evolving_a_field_the_facts_do_not_have_is_refused() -> None:
    with pytest.raises(TypeError, match="no field withdrawn"):
        evolve(fold(APP2)[(Store.APPLICATIONS, app_id(2))], withdrawn=True)


def test_a_programme_records_the_codes_of_the_rules_it_applies() -> None:
    planning = EXAMPLES[events.ProgrammePublishedV3]
    assert isinstance(planning, events.ProgrammePublishedV3)
    assert record_programme(None, planning).reasons == (
        "relevant_experience,career_break,not_currently_practising,right_to_work,within_window"
    )
    social_work = EXAMPLES[events.ProgrammePublishedV2]
    assert isinstance(social_work, events.ProgrammePublishedV2)
    assert record_programme(None, social_work).reasons == ",".join(
        reason.value for reason in SOCIAL_WORK_REASONS
    )

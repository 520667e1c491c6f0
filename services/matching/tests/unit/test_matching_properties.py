"""Properties of the matching on random instances (hypothesis): stable, within every
capacity and the programme's places, only acceptable pairs, deterministic."""

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from hypothesis import given, settings
from hypothesis import strategies as st

from matching.domain.matching import Applicant, Vacancy, match
from returners_platform.contracts.vocabulary import Region, Specialism

from .matching_checks import blocking_pairs, ranking, serial_dictatorship

# Few regions, few dates and few instants, so that preferences collide and ties happen.
REGIONS = [Region.LONDON, Region.SOUTH_EAST, Region.NORTH_WEST]
T0 = datetime(2027, 1, 4, 9, tzinfo=UTC)

ids = st.uuids(version=4)


@st.composite
def vacancies(draw: st.DrawFn) -> Vacancy:
    return Vacancy(
        vacancy_id=draw(ids),
        region=draw(st.sampled_from(REGIONS)),
        specialism=draw(st.sampled_from(list(Specialism))),
        free_slots=draw(st.integers(0, 3)),
        starts_on=date(2027, 5, 4) + timedelta(weeks=draw(st.integers(0, 2))),
    )


@st.composite
def instances(draw: st.DrawFn) -> tuple[list[Applicant], list[Vacancy], int]:
    posted = draw(st.lists(vacancies(), max_size=8, unique_by=lambda v: v.vacancy_id))
    vacancy_ids = [v.vacancy_id for v in posted]
    applicants = draw(
        st.lists(
            st.builds(
                Applicant,
                application_id=ids,
                submitted_at=st.integers(0, 5).map(lambda m: T0 + timedelta(minutes=m)),
                regions=st.permutations(REGIONS).flatmap(
                    lambda rs: st.integers(1, 3).map(lambda n: tuple(rs[:n]))
                ),
                specialisms=st.permutations(list(Specialism)).flatmap(
                    lambda ss: st.integers(1, 2).map(lambda n: tuple(ss[:n]))
                ),
                excluded=st.frozensets(st.sampled_from(vacancy_ids))
                if vacancy_ids
                else st.just(frozenset[UUID]()),
            ),
            max_size=20,
            unique_by=lambda a: a.application_id,
        )
    )
    places = draw(st.integers(0, 25))
    return applicants, posted, places


Instance = tuple[list[Applicant], list[Vacancy], int]


@given(instances())
@settings(max_examples=200, deadline=None)
def test_the_matching_has_no_blocking_pair(instance: Instance) -> None:
    applicants, posted, places = instance
    assert blocking_pairs(applicants, posted, places, match(applicants, posted, places)) == []


@given(instances())
@settings(max_examples=200, deadline=None)
def test_the_matching_respects_every_slot_the_places_and_every_preference(
    instance: Instance,
) -> None:
    applicants, posted, places = instance
    result = match(applicants, posted, places)
    per_vacancy = Counter(a.vacancy_id for a in result)
    slots = {v.vacancy_id: v.free_slots for v in posted}
    assert all(per_vacancy[v] <= slots[v] for v in per_vacancy)
    assert len(result) <= max(places, 0)
    assert len({a.application_id for a in result}) == len(result)  # one offer per applicant
    by_id = {a.application_id: a for a in applicants}
    for assignment in result:
        acceptable = ranking(by_id[assignment.application_id], posted)
        assert assignment.vacancy_id in [v.vacancy_id for v in acceptable]


@given(instances(), st.randoms(use_true_random=False))
@settings(max_examples=150, deadline=None)
def test_the_same_instance_gives_the_same_matching_whatever_the_input_order(
    instance: Instance, rng: random.Random
) -> None:
    applicants, posted, places = instance
    first = match(applicants, posted, places)
    assert match(applicants, posted, places) == first
    shuffled_applicants, shuffled_vacancies = applicants[:], posted[:]
    rng.shuffle(shuffled_applicants)
    rng.shuffle(shuffled_vacancies)
    assert match(shuffled_applicants, shuffled_vacancies, places) == first


@given(instances())
@settings(max_examples=200, deadline=None)
def test_with_one_master_list_deferred_acceptance_equals_serial_dictatorship(
    instance: Instance,
) -> None:
    applicants, posted, places = instance
    assert match(applicants, posted, places) == serial_dictatorship(applicants, posted, places)

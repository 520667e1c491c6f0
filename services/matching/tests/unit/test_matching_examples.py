"""The matching on small instances whose answer is known by hand."""

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from matching.domain.matching import Applicant, Assignment, Vacancy, match
from returners_platform.contracts.vocabulary import Region, Specialism

from .matching_checks import blocking_pairs

T0 = datetime(2027, 1, 4, 9, tzinfo=UTC)
START = date(2027, 5, 4)
LONDON, SOUTH_EAST = Region.LONDON, Region.SOUTH_EAST
CHILDREN, ADULTS = Specialism.CHILDREN, Specialism.ADULTS


def uid(n: int) -> UUID:
    return UUID(int=n)


def applicant(
    n: int,
    regions: tuple[Region, ...] = (LONDON,),
    specialisms: tuple[Specialism, ...] = (CHILDREN,),
    minute: int | None = None,
    excluded: frozenset[UUID] = frozenset(),
) -> Applicant:
    at = T0 + timedelta(minutes=n if minute is None else minute)
    return Applicant(uid(n), at, regions, specialisms, excluded)


def vacancy(
    n: int,
    region: Region = LONDON,
    specialism: Specialism = CHILDREN,
    slots: int = 1,
    starts_on: date = START,
) -> Vacancy:
    return Vacancy(uid(1000 + n), region, specialism, slots, starts_on)


def test_the_region_preference_comes_before_the_specialism_preference() -> None:
    ada = applicant(1, regions=(LONDON, SOUTH_EAST), specialisms=(ADULTS, CHILDREN))
    london_children = vacancy(1, LONDON, CHILDREN)
    south_east_adults = vacancy(2, SOUTH_EAST, ADULTS)
    assert match([ada], [south_east_adults, london_children], 10) == [
        Assignment(uid(1), london_children.vacancy_id)
    ]


def test_within_a_region_and_specialism_the_earlier_start_is_preferred() -> None:
    later, earlier = vacancy(1, starts_on=START + timedelta(days=7)), vacancy(2)
    assert match([applicant(1)], [later, earlier], 10) == [Assignment(uid(1), earlier.vacancy_id)]


def test_the_earlier_submission_gets_the_last_slot_and_a_tie_goes_to_the_smaller_id() -> None:
    only = vacancy(1)
    assert match([applicant(2, minute=5), applicant(3, minute=1)], [only], 10) == [
        Assignment(uid(3), only.vacancy_id)
    ]
    assert match([applicant(7, minute=0), applicant(4, minute=0)], [only], 10) == [
        Assignment(uid(4), only.vacancy_id)
    ]


def test_a_later_applicant_takes_a_slot_the_earlier_one_did_not_want() -> None:
    first = applicant(1, regions=(SOUTH_EAST,))
    second = applicant(2)
    london, south_east = vacancy(1), vacancy(2, SOUTH_EAST)
    assert match([second, first], [london, south_east], 10) == [
        Assignment(uid(1), south_east.vacancy_id),
        Assignment(uid(2), london.vacancy_id),
    ]


def test_a_declined_or_expired_vacancy_is_never_offered_again_and_goes_to_the_next() -> None:
    only = vacancy(1)
    declined = applicant(1, excluded=frozenset({only.vacancy_id}))
    assert match([declined, applicant(2)], [only], 10) == [Assignment(uid(2), only.vacancy_id)]
    assert match([declined], [only], 10) == []


def test_the_programme_places_cap_the_offers_across_vacancies_in_master_order() -> None:
    everyone = [applicant(n, regions=(LONDON, SOUTH_EAST)) for n in (1, 2, 3)]
    vacancies = [vacancy(1, slots=2), vacancy(2, SOUTH_EAST, slots=2)]
    result = match(everyone, vacancies, 2)
    assert [a.application_id for a in result] == [uid(1), uid(2)]
    assert match(everyone, vacancies, 0) == []


def test_a_vacancy_with_no_free_slot_is_not_offered() -> None:
    assert match([applicant(1)], [vacancy(1, slots=0)], 10) == []


def test_the_stability_check_finds_the_blocking_pair_of_a_wrong_matching() -> None:
    """The property tests rely on this check; it must catch an unstable answer."""
    early, late = applicant(1), applicant(2)
    only = vacancy(1)
    wrong = [Assignment(late.application_id, only.vacancy_id)]
    assert blocking_pairs([early, late], [only], 10, wrong) == [(uid(1), only.vacancy_id)]
    idle = vacancy(2, SOUTH_EAST)
    wanting = applicant(3, regions=(SOUTH_EAST,))
    assert blocking_pairs([wanting], [idle], 10, []) == [(uid(3), idle.vacancy_id)]
    assert blocking_pairs([wanting], [idle], 0, []) == []

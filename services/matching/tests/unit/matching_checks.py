"""Independent checks of a matching: the blocking-pair test and a serial-dictatorship oracle.

Written from the definitions in ``matching.domain.matching``'s docstring, not from its code.
"""

from collections import defaultdict
from collections.abc import Sequence
from uuid import UUID

from matching.domain.matching import Applicant, Assignment, Vacancy


def ranking(applicant: Applicant, vacancies: Sequence[Vacancy]) -> list[Vacancy]:
    """The applicant's acceptable vacancies, best first: region, specialism, start, id."""
    acceptable = [
        v
        for v in vacancies
        if v.free_slots > 0
        and v.region in applicant.regions
        and v.specialism in applicant.specialisms
        and v.vacancy_id not in applicant.excluded
    ]
    return sorted(
        acceptable,
        key=lambda v: (
            applicant.regions.index(v.region),
            applicant.specialisms.index(v.specialism),
            v.starts_on,
            v.vacancy_id,
        ),
    )


def blocking_pairs(
    applicants: Sequence[Applicant],
    vacancies: Sequence[Vacancy],
    places: int,
    result: Sequence[Assignment],
) -> list[tuple[UUID, UUID]]:
    got = {a.application_id: a.vacancy_id for a in result}
    key = {a.application_id: a.master_key() for a in applicants}
    holders: dict[UUID, list[UUID]] = defaultdict(list)
    for application_id, vacancy_id in got.items():
        holders[vacancy_id].append(application_id)
    worst_place_holder = max((key[a] for a in got), default=None)
    pairs = []
    for applicant in applicants:
        me = key[applicant.application_id]
        ranked = [v.vacancy_id for v in ranking(applicant, vacancies)]
        current = got.get(applicant.application_id)
        better = ranked[: ranked.index(current)] if current is not None else ranked
        for vacancy in (v for v in vacancies if v.vacancy_id in better):
            held = holders[vacancy.vacancy_id]
            would_bump = any(key[h] > me for h in held)
            place_for_me = (
                current is not None
                or len(got) < places
                or (worst_place_holder is not None and worst_place_holder > me)
            )
            if would_bump or (len(held) < vacancy.free_slots and place_for_me):
                pairs.append((applicant.application_id, vacancy.vacancy_id))
    return pairs


def serial_dictatorship(
    applicants: Sequence[Applicant], vacancies: Sequence[Vacancy], places: int
) -> list[Assignment]:
    """In master-list order, each applicant takes their best vacancy with a slot left."""
    free = {v.vacancy_id: v.free_slots for v in vacancies}
    result: list[Assignment] = []
    for applicant in sorted(applicants, key=Applicant.master_key):
        if len(result) >= places:
            break
        for vacancy in ranking(applicant, vacancies):
            if free[vacancy.vacancy_id] > 0:
                free[vacancy.vacancy_id] -= 1
                result.append(Assignment(applicant.application_id, vacancy.vacancy_id))
                break
    return result

"""Stable matching of eligible applicants to vacancies: hospitals/residents with capacities.

Who ranks whom (strict orders, so the result is unique and deterministic):

- An applicant finds a vacancy acceptable when its region is one of their preferred regions,
  its specialism one of their preferred specialisms, and it is not a vacancy whose offer they
  declined or let expire. They rank acceptable vacancies by (1) the position of the region in
  their region preferences, (2) the position of the specialism in their specialism
  preferences, (3) the earlier start date, (4) the vacancy id (a tie-break only).
- Every vacancy, and the programme (for its places), ranks applicants by one master list:
  the selection rank first (programmes with selection; 0 for all in the others), then the
  earlier ``submitted_at``, then the smaller application id.

The algorithm is applicant-proposing deferred acceptance. Each vacancy tentatively holds its
best proposers up to its free slots; the programme tentatively holds at most its remaining
places across all vacancies, pushing out the lowest-ranked holder when one too many is held.
Someone pushed out by a vacancy proposes to their next choice; someone pushed out by the
programme is done, because with one master list the programme's lowest-ranked holder only
ever improves, so it would refuse them again.

The result is stable — there is no blocking pair: an applicant ``a`` and an acceptable
vacancy ``v`` that ``a`` prefers to what they got (or ``a`` got nothing), where ``v`` either
holds someone ranked below ``a``, or has a free slot and taking ``a`` keeps the programme
within its places (``a`` already holds a place, a place is free, or the programme holds
someone ranked below ``a``). It never exceeds a vacancy's free slots nor the places.

With one master list and proposals made in master-list order, nobody already held is ever
pushed out by a vacancy (every holder outranks every later proposer), so the run is one
pass and its result equals serial dictatorship over the master list — the property tests
check both that and stability directly.

Only the residual problem is matched: free slots, unplaced applicants, remaining places.
Offers already made are never taken back, so the service passes in what is still free.
"""

import heapq
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from returners_platform.contracts.vocabulary import Region


@dataclass(frozen=True)
class Applicant:
    application_id: UUID
    submitted_at: datetime
    regions: tuple[Region, ...]  # in preference order
    specialisms: tuple[str, ...]  # job family codes, in preference order
    excluded: frozenset[UUID] = field(default_factory=frozenset)  # declined or let expire
    rank: int = 0  # the selection rank (programmes with selection)

    def master_key(self) -> tuple[int, datetime, UUID]:
        """Position on the master list every vacancy and the programme rank by."""
        return (self.rank, self.submitted_at, self.application_id)


@dataclass(frozen=True)
class Vacancy:
    vacancy_id: UUID
    region: Region
    specialism: str  # the job family's code
    free_slots: int
    starts_on: date


@dataclass(frozen=True)
class Assignment:
    application_id: UUID
    vacancy_id: UUID


Bucket = tuple[Region, str]


def match(
    applicants: Sequence[Applicant], vacancies: Sequence[Vacancy], places: int
) -> list[Assignment]:
    """The applicant-optimal stable matching, in master-list order of the applicants.

    Internally applicants are their master-list positions (so a smaller number is better
    ranked) and vacancies their positions in ``open_vacancies``: plain ints, cheap to hash.
    """
    ordered = sorted(applicants, key=Applicant.master_key)
    open_vacancies = [v for v in vacancies if v.free_slots > 0]
    index = {v.vacancy_id: j for j, v in enumerate(open_vacancies)}
    buckets = _buckets(open_vacancies)
    free = [v.free_slots for v in open_vacancies]
    choices = [_acceptable(a, buckets, index) for a in ordered]

    nobody = -1
    assigned = [nobody] * len(ordered)  # applicant -> vacancy it holds
    placed = 0
    held_count = [0] * len(open_vacancies)
    held: list[list[int]] = [[] for _ in open_vacancies]  # max-heaps (negated) by rank
    programme: list[int] = []  # max-heap (negated) by rank over everyone holding a place
    proposers = deque(range(len(ordered)))

    def worst_holder(vacancy: int) -> int:
        """The lowest-ranked applicant ``vacancy`` still holds (stale heap entries dropped)."""
        heap = held[vacancy]
        while assigned[-heap[0]] != vacancy:
            heapq.heappop(heap)
        return -heap[0]

    def worst_place_holder() -> int:
        while assigned[-programme[0]] == nobody:
            heapq.heappop(programme)
        return -programme[0]

    while proposers and places > 0:
        applicant = proposers.popleft()
        for vacancy in choices[applicant]:
            if held_count[vacancy] < free[vacancy]:
                held_count[vacancy] += 1
            else:
                displaced = worst_holder(vacancy)
                if displaced < applicant:
                    continue  # refused: the vacancy holds better-ranked applicants
                heapq.heappop(held[vacancy])
                assigned[displaced] = nobody
                placed -= 1
                proposers.append(displaced)
            assigned[applicant] = vacancy
            placed += 1
            heapq.heappush(held[vacancy], -applicant)
            heapq.heappush(programme, -applicant)
            if placed > places:
                dropped = worst_place_holder()
                heapq.heappop(programme)
                held_count[assigned[dropped]] -= 1
                assigned[dropped] = nobody
                placed -= 1
            break

    return [
        Assignment(a.application_id, open_vacancies[assigned[i]].vacancy_id)
        for i, a in enumerate(ordered)
        if assigned[i] != nobody
    ]


def _buckets(vacancies: Sequence[Vacancy]) -> dict[Bucket, list[int]]:
    """Positions of the vacancies of each region and specialism, earliest start first."""
    buckets: dict[Bucket, list[int]] = {}
    order = sorted(
        range(len(vacancies)), key=lambda j: (vacancies[j].starts_on, vacancies[j].vacancy_id)
    )
    for j in order:
        buckets.setdefault((vacancies[j].region, vacancies[j].specialism), []).append(j)
    return buckets


def _acceptable(
    applicant: Applicant, buckets: Mapping[Bucket, list[int]], index: Mapping[UUID, int]
) -> Iterator[int]:
    """The applicant's acceptable vacancies, best first (consumed as they propose)."""
    excluded = {index[v] for v in applicant.excluded if v in index}
    for region in dict.fromkeys(applicant.regions):
        for specialism in dict.fromkeys(applicant.specialisms):
            for vacancy in buckets.get((region, specialism), ()):
                if vacancy not in excluded:
                    yield vacancy

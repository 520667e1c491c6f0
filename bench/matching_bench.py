"""A full matching run: 10,000 eligible applicants, 1,000 vacancies (pure domain code).

Run: ``python -m bench.matching_bench`` from the repository root (the workspace's Python).
Writes ``bench/results/matching.json``. Needs no Kafka or Postgres.

The instance is random but seeded: applicants prefer one to three of the nine regions and
one or both specialisms, submit over eleven weeks, and one in twenty has declined a
vacancy before; vacancies spread over every region and specialism with one to five slots
and a few start dates. Timed: ``matching.domain.matching.match`` on the whole instance
(deferred acceptance, stable), once with places to spare and once capped at the
programme's 200 places. Baseline, measured on the same instance in the same run: a naive
greedy assignment (applicants in arrival order each take the first acceptable vacancy
with a free slot in posting order; not stable, ignores the order of preferences).
"""

import os
import random
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from bench.support import headline, write_result
from matching.domain.matching import Applicant, Assignment, Vacancy, match
from returners_platform.contracts.vocabulary import Region, Specialism

APPLICANTS = int(os.environ.get("BENCH_MATCHING_APPLICANTS", "10000"))
VACANCIES = int(os.environ.get("BENCH_MATCHING_VACANCIES", "1000"))
REPEATS = int(os.environ.get("BENCH_MATCHING_REPEATS", "5"))
SEED = 20200331


def instance(rng: random.Random) -> tuple[list[Applicant], list[Vacancy]]:
    regions, specialisms = list(Region), list(Specialism)
    opens = datetime(2027, 1, 11, tzinfo=UTC)
    vacancies = [
        Vacancy(
            vacancy_id=UUID(int=rng.getrandbits(128)),
            region=rng.choice(regions),
            specialism=rng.choice(specialisms),
            free_slots=rng.randint(1, 5),
            starts_on=date(2027, 5, 4) + timedelta(weeks=rng.randint(0, 4)),
        )
        for _ in range(VACANCIES)
    ]
    applicants = []
    for _ in range(APPLICANTS):
        declined = rng.choice(vacancies).vacancy_id if rng.random() < 0.05 else None
        applicants.append(
            Applicant(
                application_id=UUID(int=rng.getrandbits(128)),
                submitted_at=opens + timedelta(seconds=rng.randint(0, 11 * 7 * 86400)),
                regions=tuple(rng.sample(regions, rng.randint(1, 3))),
                specialisms=tuple(rng.sample(specialisms, rng.randint(1, 2))),
                excluded=frozenset({declined}) if declined else frozenset(),
            )
        )
    return applicants, vacancies


def naive_greedy(
    applicants: Sequence[Applicant], vacancies: Sequence[Vacancy], places: int
) -> list[Assignment]:
    free = {v.vacancy_id: v.free_slots for v in vacancies}
    result: list[Assignment] = []
    for applicant in applicants:
        if len(result) >= places:
            break
        for vacancy in vacancies:
            if (
                free[vacancy.vacancy_id] > 0
                and vacancy.region in applicant.regions
                and vacancy.specialism in applicant.specialisms
                and vacancy.vacancy_id not in applicant.excluded
            ):
                free[vacancy.vacancy_id] -= 1
                result.append(Assignment(applicant.application_id, vacancy.vacancy_id))
                break
    return result


Run = Callable[[Sequence[Applicant], Sequence[Vacancy], int], list[Assignment]]


def timed(
    run: Run, applicants: list[Applicant], vacancies: list[Vacancy], places: int
) -> tuple[list[float], list[Assignment]]:
    seconds = []
    result: list[Assignment] = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        result = run(applicants, vacancies, places)
        seconds.append(time.perf_counter() - started)
    return seconds, result


def within_capacity(result: list[Assignment], vacancies: list[Vacancy], places: int) -> None:
    taken = Counter(a.vacancy_id for a in result)
    if len(result) > places or any(taken[v.vacancy_id] > v.free_slots for v in vacancies):
        raise SystemExit("a matching exceeded a vacancy's slots or the places")


def figures(
    seconds: list[float],
    result: list[Assignment],
    applicants: list[Applicant],
    vacancies: list[Vacancy],
) -> dict[str, object]:
    by_applicant = {a.application_id: a for a in applicants}
    region_of = {v.vacancy_id: v.region for v in vacancies}
    first_region = sum(
        region_of[a.vacancy_id] == by_applicant[a.application_id].regions[0] for a in result
    )
    return {
        "median_seconds": round(statistics.median(seconds), 4),
        "min_seconds": round(min(seconds), 4),
        "runs": len(seconds),
        "offers": len(result),
        "share_in_first_choice_region": round(first_region / max(len(result), 1), 3),
    }


def main() -> None:
    applicants, vacancies = instance(random.Random(SEED))
    slots = sum(v.free_slots for v in vacancies)
    results: dict[str, object] = {
        "instance": {
            "applicants": len(applicants),
            "vacancies": len(vacancies),
            "slots": slots,
            "seed": SEED,
        },
    }
    headlines: list[dict[str, Any]] = []
    for label, places in (("places_to_spare", len(applicants)), ("capped_at_200_places", 200)):
        da_seconds, da_result = timed(match, applicants, vacancies, places)
        greedy_seconds, greedy_result = timed(naive_greedy, applicants, vacancies, places)
        for result in (da_result, greedy_result):
            within_capacity(result, vacancies, places)
        results[label] = {
            "places": places,
            "deferred_acceptance": figures(da_seconds, da_result, applicants, vacancies),
            "baseline_naive_greedy": figures(greedy_seconds, greedy_result, applicants, vacancies),
            "ratio_time_vs_baseline": round(
                statistics.median(da_seconds) / statistics.median(greedy_seconds), 3
            ),
        }
        headlines.append(
            headline(
                f"matching run, {len(applicants):,} x {len(vacancies):,}, {places:,} places",
                round(statistics.median(da_seconds), 4),
                "s",
                "naive greedy (unstable)",
                round(statistics.median(greedy_seconds), 4),
            )
        )
    write_result("matching", results, headlines)


if __name__ == "__main__":
    main()

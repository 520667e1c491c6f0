"""The residual matching problem of a programme: who and what is still free."""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from matching.domain import matching
from matching.domain.offers import BARS_THE_VACANCY, ENDS_THEIR_MATCHING, HOLDS_A_PLACE
from matching.store.offers import statuses
from returners_platform.contracts.vocabulary import Region
from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import many


@dataclass(frozen=True)
class Picture:
    places_left: int  # the programme's places no offer holds (0 if no vacancy has a free slot)
    applicants: list[matching.Applicant]
    vacancies: list[matching.Vacancy]
    updating_days: dict[UUID, int]  # per applicant, carried onto their offer
    council_of: dict[UUID, UUID]  # vacancy -> council


async def residual(db: Db, programme_id: str, *, places: int, selection: bool) -> Picture:
    """Of a programme of ``places`` places, the places no offer holds, eligible applicants
    with no live offer nor one withdrawn (by them, or for a condition not met), and open
    vacancies with free slots. In a programme with selection, only the selected who have not
    given their place back, ranked by their selection rank. With no place left or no free
    slot, no applicant is read (nothing can be offered): a big programme's are many.

    The places left come with the vacancies, in their statement (one round trip fewer): with
    no free slot, how many places are left does not matter.
    """
    vacancy_rows = await many(
        db,
        dict[str, Any],
        """
        SELECT v.vacancy_id, v.council_id, v.region, v.specialism, v.starts_on,
               v.slots - count(o.offer_id) AS free_slots,
               $3 - (SELECT count(*) FROM offers WHERE programme_id = $1
                       AND status = ANY($2::text[])) AS places_left
        FROM vacancies v LEFT JOIN offers o
            ON o.vacancy_id = v.vacancy_id AND o.status = ANY($2::text[])
        WHERE v.programme_id = $1 AND v.closed_at IS NULL
        GROUP BY v.vacancy_id
        HAVING v.slots - count(o.offer_id) > 0
        """,
        programme_id,
        statuses(HOLDS_A_PLACE),
        places,
    )
    places_left = int(vacancy_rows[0]["places_left"]) if vacancy_rows else 0
    if places_left <= 0:  # nothing to offer: the applicants need not be read
        return Picture(places_left=0, applicants=[], vacancies=[], updating_days={}, council_of={})
    applicant_rows = await many(
        db,
        dict[str, Any],
        """
        SELECT a.application_id, a.submitted_at, a.regions, a.specialisms, a.updating_days,
               coalesce(a.selection_rank, 0) AS rank,
               coalesce(array_agg(o.vacancy_id) FILTER (
                   WHERE o.status = ANY($3::text[])), '{}') AS excluded
        FROM applicants a LEFT JOIN offers o USING (application_id)
        WHERE a.programme_id = $1 AND a.eligible AND a.withdrawn_at IS NULL
          AND (NOT $4 OR (a.selected_at IS NOT NULL AND a.released_at IS NULL))
        GROUP BY a.application_id
        HAVING count(*) FILTER (WHERE o.status = ANY($2::text[])) = 0
           AND count(*) FILTER (WHERE o.status = ANY($5::text[])) = 0
        """,
        programme_id,
        statuses(HOLDS_A_PLACE),
        statuses(BARS_THE_VACANCY),
        selection,
        statuses(ENDS_THEIR_MATCHING),
    )
    return Picture(
        places_left=places_left,
        applicants=[
            matching.Applicant(
                application_id=r["application_id"],
                submitted_at=r["submitted_at"],
                regions=tuple(Region(x) for x in r["regions"]),
                specialisms=tuple(r["specialisms"]),
                excluded=frozenset(r["excluded"]),
                rank=r["rank"],
            )
            for r in applicant_rows
        ],
        vacancies=[
            matching.Vacancy(
                vacancy_id=r["vacancy_id"],
                region=Region(r["region"]),
                specialism=r["specialism"],
                free_slots=int(r["free_slots"]),
                starts_on=r["starts_on"],
            )
            for r in vacancy_rows
        ],
        updating_days={r["application_id"]: r["updating_days"] or 0 for r in applicant_rows},
        council_of={r["vacancy_id"]: r["council_id"] for r in vacancy_rows},
    )

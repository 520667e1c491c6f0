"""Read-only queries behind the API, the dashboard and the gauges.

Every figure counts *counted* applications (their submission has been seen) of one
programme; see ``domain.outcomes`` for what each column means.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from reporting.domain.outcome_report import PlacementRow
from reporting.store import Connection
from returners_platform.store import many, one, value

Dimension = Literal["region", "specialism", "band"]
DIMENSIONS: tuple[Dimension, ...] = ("region", "specialism", "band")

COUNTS = """
    count(*)::int AS submitted,
    count(*) FILTER (WHERE eligibility = 'eligible')::int AS eligible,
    count(*) FILTER (WHERE eligibility = 'ineligible')::int AS ineligible,
    count(*) FILTER (WHERE offered)::int AS offered,
    count(*) FILTER (WHERE accepted)::int AS accepted,
    coalesce(sum(offers_declined), 0)::int AS declined,
    coalesce(sum(offers_expired), 0)::int AS expired,
    count(*) FILTER (WHERE hired)::int AS hired,
    count(*) FILTER (WHERE withdrawn)::int AS withdrawn,
    count(*) FILTER (WHERE holds_place)::int AS places_filled,
    count(*) FILTER (WHERE invited)::int AS invited,
    count(*) FILTER (WHERE assessed)::int AS assessed,
    count(*) FILTER (WHERE interviewed)::int AS interviewed,
    count(*) FILTER (WHERE selection = 'selected')::int AS selected,
    count(*) FILTER (WHERE selection = 'waitlisted')::int AS waitlisted,
    count(*) FILTER (WHERE selection = 'rejected')::int AS rejected
"""


@dataclass(frozen=True)
class Programme:
    programme_id: str
    title: str | None
    places: int | None
    published_at: datetime | None
    reasons: str | None  # the codes of the rules it applies (null: social work's seven)


@dataclass(frozen=True)
class ProgrammeHeadline:
    programme_id: str
    title: str | None
    places: int | None
    submitted: int
    hired: int
    places_filled: int


@dataclass(frozen=True)
class GroupCounts:
    """The funnel's counts of one group of a breakdown (``key``: the group's value)."""

    key: Any
    counts: dict[str, int]


@dataclass(frozen=True)
class CouncilFigures:
    council_id: UUID
    name: str | None
    counts: dict[str, int]  # vacancies, slots, offered ... places_filled


@dataclass(frozen=True)
class DeliveryFailureCount:
    channel: str
    source_event_type: str
    failures: int


async def programme(conn: Connection, programme_id: str) -> Programme | None:
    return await one(
        conn,
        Programme,
        "SELECT programme_id, title, places, published_at, reasons FROM programmes"
        " WHERE programme_id = $1",
        programme_id,
    )


async def is_known(conn: Connection, programme_id: str) -> bool:
    """Whether any event mentioned the programme (published, or an application to it)."""
    known = await value(
        conn,
        "SELECT EXISTS (SELECT 1 FROM programmes WHERE programme_id = $1)"
        " OR EXISTS (SELECT 1 FROM application_outcomes WHERE programme_id = $1 AND counted)",
        programme_id,
    )
    return bool(known)


async def programmes(conn: Connection) -> list[ProgrammeHeadline]:
    """Every known programme with its headline figures."""
    return await many(
        conn,
        ProgrammeHeadline,
        f"""
        WITH figures AS (
            SELECT programme_id, {COUNTS} FROM application_outcomes WHERE counted
            GROUP BY programme_id
        )
        SELECT coalesce(p.programme_id, f.programme_id) AS programme_id, p.title, p.places,
               coalesce(f.submitted, 0) AS submitted, coalesce(f.hired, 0) AS hired,
               coalesce(f.places_filled, 0) AS places_filled
        FROM programmes p FULL JOIN figures f ON f.programme_id = p.programme_id
        ORDER BY 1
        """,
    )


async def funnel_counts(conn: Connection, programme_id: str) -> dict[str, int]:
    counts = await one(
        conn,
        dict[str, int],
        f"SELECT {COUNTS} FROM application_outcomes WHERE programme_id = $1 AND counted",
        programme_id,
    )
    assert counts is not None  # an aggregate without GROUP BY: always one row
    return counts


async def ineligible_reasons(
    conn: Connection, programme_id: str, dimension: Dimension | None = None
) -> list[tuple[Any, str, int]]:
    """(group or None, reason, ineligible applications failing it)."""
    group = _column(dimension) if dimension else "NULL"
    return await many(
        conn,
        lambda grp, reason, n: (grp, reason, n),
        f"SELECT {group} AS grp, reason, count(*)::int AS n"
        " FROM application_outcomes, unnest(reasons) AS reason"
        " WHERE programme_id = $1 AND counted AND eligibility = 'ineligible'"
        " GROUP BY 1, 2",
        programme_id,
    )


async def rejection_reasons(conn: Connection, programme_id: str) -> dict[str, int]:
    """Applications rejected at selection failing each rule."""
    counts = await many(
        conn,
        lambda reason, n: (reason, n),
        "SELECT reason, count(*)::int AS n FROM application_outcomes,"
        " unnest(selection_reasons) AS reason"
        " WHERE programme_id = $1 AND counted AND selection = 'rejected' GROUP BY 1",
        programme_id,
    )
    return dict(counts)


async def breakdown(conn: Connection, programme_id: str, dimension: Dimension) -> list[GroupCounts]:
    column = _column(dimension)
    return await many(
        conn,
        lambda key, **counts: GroupCounts(key, counts),
        f"SELECT {column} AS key, {COUNTS} FROM application_outcomes"
        " WHERE programme_id = $1 AND counted GROUP BY 1 ORDER BY 1 NULLS LAST",
        programme_id,
    )


def _column(dimension: Dimension) -> str:
    if dimension not in DIMENSIONS:  # the column name is spliced into SQL: allow-list only
        raise ValueError(f"unknown dimension {dimension!r}")
    return dimension


async def by_council(conn: Connection, programme_id: str) -> list[CouncilFigures]:
    return await many(
        conn,
        lambda council_id, name, **counts: CouncilFigures(council_id, name, counts),
        """
        WITH offers AS (
            SELECT council_id,
                   count(DISTINCT application_id)::int AS offered,
                   count(DISTINCT application_id) FILTER (WHERE accepted)::int AS accepted,
                   count(*) FILTER (WHERE declined)::int AS declined,
                   count(*) FILTER (WHERE expired)::int AS expired,
                   count(DISTINCT application_id) FILTER (WHERE hired)::int AS hired,
                   count(DISTINCT application_id)
                       FILTER (WHERE application_withdrawn)::int AS withdrawn,
                   count(*) FILTER (WHERE holds_place)::int AS places_filled
            FROM offer_outcomes WHERE programme_id = $1 AND counted GROUP BY council_id
        ), open_vacancies AS (
            SELECT council_id, count(*)::int AS vacancies,
                   coalesce(sum(slots), 0)::int AS slots
            FROM vacancies
            WHERE programme_id = $1 AND closed_at IS NULL AND revision IS NOT NULL
            GROUP BY council_id
        )
        SELECT coalesce(o.council_id, v.council_id) AS council_id, c.name,
               coalesce(v.vacancies, 0) AS vacancies, coalesce(v.slots, 0) AS slots,
               coalesce(o.offered, 0) AS offered, coalesce(o.accepted, 0) AS accepted,
               coalesce(o.declined, 0) AS declined, coalesce(o.expired, 0) AS expired,
               coalesce(o.hired, 0) AS hired, coalesce(o.withdrawn, 0) AS withdrawn,
               coalesce(o.places_filled, 0) AS places_filled
        FROM offers o FULL JOIN open_vacancies v ON v.council_id = o.council_id
        LEFT JOIN councils c ON c.council_id = coalesce(o.council_id, v.council_id)
        ORDER BY c.name NULLS LAST, 1
        """,
        programme_id,
    )


async def durations(conn: Connection, programme_id: str) -> tuple[list[float], list[float]]:
    """Days from submission to first offer, and to hire, of every application with one."""
    found = await one(
        conn,
        lambda to_offer, to_hire: (list(to_offer), list(to_hire)),
        "SELECT coalesce(array_agg(days_to_offer) FILTER (WHERE days_to_offer IS NOT NULL),"
        "                '{}') AS to_offer,"
        "       coalesce(array_agg(days_to_hire) FILTER (WHERE days_to_hire IS NOT NULL),"
        "                '{}') AS to_hire"
        " FROM application_outcomes WHERE programme_id = $1 AND counted",
        programme_id,
    )
    assert found is not None  # an aggregate without GROUP BY: always one row
    return found


async def submissions_per_day(conn: Connection, programme_id: str) -> list[tuple[date, int]]:
    return await many(
        conn,
        lambda submitted_on, n: (submitted_on, n),
        "SELECT submitted_on, count(*)::int AS n FROM application_outcomes"
        " WHERE programme_id = $1 AND counted GROUP BY 1 ORDER BY 1",
        programme_id,
    )


async def delivery_failures(conn: Connection) -> list[DeliveryFailureCount]:
    return await many(
        conn,
        DeliveryFailureCount,
        "SELECT channel, source_event_type, count(*)::int AS failures FROM delivery_failures"
        " GROUP BY 1, 2 ORDER BY 1, 2",
    )


async def placements(conn: Connection, programme_id: str) -> list[PlacementRow]:
    """Every counted placement of the programme: its region the offer's, else its vacancy's
    (whichever reporting has seen), and its council's name once registered."""
    return await many(
        conn,
        _placement_row,
        """
        SELECT p.placement_id, p.council_id, c.name AS council_name, p.band,
               coalesce(p.region, v.region) AS region,
               p.offer_withdrawn_condition, p.offer_withdrawn_reason, p.started, p.completed,
               p.days_to_complete, p.withdrawal_reason, p.reregistered, p.hired,
               p.hours_by_kind::text AS hours_by_kind
        FROM placement_outcomes p
        LEFT JOIN vacancies v ON v.vacancy_id = p.vacancy_id
        LEFT JOIN councils c ON c.council_id = p.council_id
        WHERE p.programme_id = $1 AND p.counted
        ORDER BY p.placement_id
        """,
        programme_id,
    )


def _placement_row(hours_by_kind: str, **columns: Any) -> PlacementRow:
    return PlacementRow(hours_by_kind=json.loads(hours_by_kind), **columns)

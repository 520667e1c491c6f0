"""A known history of placements (training events) on top of ``history.py``; its
hand-computed outcome report is in ``expected.py``.

``TRAINING_EVENTS`` is about the history's own accepted offers (``publish_history`` sends it
first, before the decisions and offers it depends on); it changes no funnel figure.
``EXTRA_EVENTS`` adds applicants 11-14 with their submissions, decisions, offers and
placements (the outcome report's own test publishes them too).

placement  app  council band     region (from)          what happened
  p1        1   A      5_to_10  South East (offer)     started 05-04, hours (one entry
                                                        corrected), completed 08-28 (116 d),
                                                        re-registered (reported twice), hired
  p3        2   A      2_to_5   South East (offer)     started 05-04, completed 06-15 (42 d),
                                                        re-registered
  p5        6   B      5_to_10  Yorkshire (offer)      DBS not met: offer withdrawn
  p6        7   A      5_to_10  South East (offer)     started 05-11, left: caring
                                                        responsibilities; hired (history)
 extra:
  p11      11   B      10_plus  London (vacancy B2:    started 06-01, completed 08-31 (91 d),
                                no offer seen)          not re-registered yet
  p12      12   B      2_to_5   Yorkshire (offer)      started 05-18, hours corrected twice,
                                                        left: health
  p13      13   A      2_to_5   South East (offer)     first reference not received: offer
                                                        withdrawn
  p14      14   B      5_to_10  Yorkshire (offer)      started 05-04, completed 07-27 (84 d),
                                                        re-registered, hired (reported twice)

Effective hours: placement 6.5 (p1, corrected from 7) + 14 (p6) [+ 7 (p12, 7 -> 7.5 -> 7)],
workshop 7 (p1), coaching 3 (p3) [, mentoring 2 (p11)].
"""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from returners_platform.contracts.envelope import EventData
from returners_platform.contracts.events import (
    HoursLogged,
    PlacementCompleted,
    PlacementConditionRecorded,
    PlacementConditionsMet,
    PlacementOfferWithdrawn,
    PlacementOpened,
    PlacementStarted,
    PlacementWithdrawn,
    ReturnerReregistered,
)
from returners_platform.contracts.examples import EXAMPLES

from .history import (
    COUNCIL_A,
    COUNCIL_B,
    PROGRAMME,
    SE,
    VACANCY_A1,
    VACANCY_B1,
    VACANCY_B2,
    YH,
    accepted,
    app_id,
    at,
    decided,
    hired,
    offer_id,
    offered,
    submitted,
)

# placement -> (application, council, vacancy)
PLACEMENTS = {
    1: (1, COUNCIL_A, VACANCY_A1),
    3: (2, COUNCIL_A, VACANCY_A1),
    5: (6, COUNCIL_B, VACANCY_B1),
    6: (7, COUNCIL_A, VACANCY_A1),
    11: (11, COUNCIL_B, VACANCY_B2),
    12: (12, COUNCIL_B, VACANCY_B1),
    13: (13, COUNCIL_A, VACANCY_A1),
    14: (14, COUNCIL_B, VACANCY_B1),
}


def entry_id(n: int) -> UUID:
    return UUID(f"e0000000-0000-4000-8000-{n:012d}")


def _event(model: type[EventData], placement: int, **fields: Any) -> Any:
    application, council, vacancy = PLACEMENTS[placement]
    ids: dict[str, Any] = dict(
        placement_id=offer_id(placement),
        application_id=app_id(application),
        programme_id=PROGRAMME,
        council_id=council,
    )
    if "vacancy_id" in model.model_fields:
        ids["vacancy_id"] = vacancy
    return model.model_validate(EXAMPLES[model].model_dump() | ids | fields)


def opened(p: int, when: datetime, hours: float = 420) -> PlacementOpened:
    days = int(hours // 7)
    return _event(PlacementOpened, p, opened_at=when, required_hours=hours, updating_days=days)


def conditions_met(p: int, when: datetime) -> PlacementConditionsMet:
    return _event(PlacementConditionsMet, p, met_at=when)


def not_met(p: int, condition: str, reason: str, when: datetime) -> PlacementConditionRecorded:
    return _event(
        PlacementConditionRecorded,
        p,
        condition=condition,
        status="not_met",
        reason=reason,
        recorded_at=when,
    )


def offer_withdrawn(p: int, condition: str, reason: str, when: datetime) -> PlacementOfferWithdrawn:
    return _event(
        PlacementOfferWithdrawn, p, condition=condition, condition_reason=reason, withdrawn_at=when
    )


def started(p: int, on: date) -> PlacementStarted:
    return _event(PlacementStarted, p, starts_on=on, started_at=at(on.month, on.day, 8))


def hours(
    p: int, entry: int, kind: str, n: float, on: date, supersedes: int | None = None
) -> HoursLogged:
    return _event(
        HoursLogged,
        p,
        entry_id=entry_id(entry),
        kind=kind,
        hours=n,
        worked_on=on,
        supersedes=entry_id(supersedes) if supersedes else None,
        logged_at=at(on.month, on.day, 17),
    )


def completed(p: int, started_on: date, completed_on: date) -> PlacementCompleted:
    return _event(
        PlacementCompleted,
        p,
        started_on=started_on,
        completed_on=completed_on,
        completed_at=at(completed_on.month, completed_on.day, 16),
    )


def left(p: int, reason: str, when: datetime) -> PlacementWithdrawn:
    return _event(PlacementWithdrawn, p, reason=reason, started=True, withdrawn_at=when)


def reregistered(p: int, decided_on: date, when: datetime) -> ReturnerReregistered:
    return _event(ReturnerReregistered, p, decided_on=decided_on, recorded_at=when)


def d(month: int, day: int) -> date:
    return date(2020, month, day)


TRAINING_EVENTS: list[EventData] = [
    started(1, d(5, 4)),  # before the placement opened
    reregistered(1, d(10, 19), at(10, 20, 10)),  # before it completed
    opened(1, at(4, 20, 9)),
    conditions_met(1, at(4, 28, 9)),
    hours(1, 102, "placement", 6.5, d(5, 5), supersedes=101),  # the correction first
    hours(1, 101, "placement", 7, d(5, 5)),
    hours(1, 103, "workshop", 7, d(5, 6)),
    hours(1, 102, "placement", 6.5, d(5, 5), supersedes=101),  # a second event, same entry
    completed(1, d(5, 4), d(8, 28)),
    reregistered(1, d(10, 19), at(10, 20, 10)),  # reported again
    opened(3, at(4, 20, 10), hours=210),
    conditions_met(3, at(4, 27, 9)),
    started(3, d(5, 4)),
    hours(3, 301, "coaching", 3, d(5, 7)),
    completed(3, d(5, 4), d(6, 15)),
    reregistered(3, d(7, 20), at(7, 21, 9)),
    opened(5, at(4, 21, 9)),
    not_met(5, "dbs", "dbs_disclosure", at(4, 25, 9)),
    offer_withdrawn(5, "dbs", "dbs_disclosure", at(4, 25, 9)),
    opened(6, at(4, 22, 9)),
    conditions_met(6, at(5, 1, 9)),
    started(6, d(5, 11)),
    hours(6, 601, "placement", 14, d(5, 12)),
    left(6, "caring_responsibilities", at(6, 1, 9)),
]
EXTRA_EVENTS: list[EventData] = [
    submitted(11, at(3, 6, 9), "London", "children"),
    decided(11, True, 10.5),
    # no offer of app 11 is published: its region comes from the vacancy
    opened(11, at(4, 23, 9)),
    started(11, d(6, 1)),
    hours(11, 1101, "mentoring", 2, d(6, 2)),
    completed(11, d(6, 1), d(8, 31)),
    submitted(12, at(3, 6, 10), YH, "adults"),
    decided(12, True, 4.0),
    offered(12, 12, COUNCIL_B, VACANCY_B1, YH, "adults", at(3, 20, 9)),
    accepted(12, 12, COUNCIL_B, VACANCY_B1, at(3, 21, 9)),
    opened(12, at(4, 23, 10), hours=210),
    started(12, d(5, 18)),
    hours(12, 1203, "placement", 7, d(5, 19), supersedes=1202),
    hours(12, 1201, "placement", 7, d(5, 19)),
    hours(12, 1202, "placement", 7.5, d(5, 19), supersedes=1201),
    left(12, "health", at(6, 10, 9)),
    submitted(13, at(3, 7, 9), SE, "children"),
    decided(13, True, 2.5),
    offered(13, 13, COUNCIL_A, VACANCY_A1, SE, "children", at(3, 21, 9)),
    accepted(13, 13, COUNCIL_A, VACANCY_A1, at(3, 22, 9)),
    opened(13, at(4, 24, 9), hours=210),
    not_met(13, "references", "reference_not_received", at(5, 1, 9)),
    offer_withdrawn(13, "references", "reference_not_received", at(5, 1, 9)),
    submitted(14, at(3, 7, 10), "North East", "adults"),
    decided(14, True, 7.0),
    offered(14, 14, COUNCIL_B, VACANCY_B1, YH, "adults", at(3, 21, 10)),
    accepted(14, 14, COUNCIL_B, VACANCY_B1, at(3, 22, 10)),
    hired(14, 14, COUNCIL_B, VACANCY_B1, at(9, 1, 9)),
    hired(14, 14, COUNCIL_B, VACANCY_B1, at(9, 1, 9)),  # reported twice
    opened(14, at(4, 24, 10)),
    started(14, d(5, 4)),
    completed(14, d(5, 4), d(7, 27)),
    reregistered(14, d(9, 14), at(9, 15, 9)),
]
# Records published twice, byte for byte: indexes into TRAINING_EVENTS.
REPEATED_TRAINING_RECORDS = [8, 22]

"""A known programme history (its hand-computed figures are in ``expected.py``).

Programme ``rtsw-test`` (5 places); councils A (Buckinghamshire) and B (Leeds).

app  submitted (UTC)   first preference       decision (years out)
  1  03-02 09:00       South East, children   eligible (6.5)
       o1 A South East children +10d, accepted; hired +30d
  2  03-02 18:00       London, adults         eligible (3.0)
       o2 B Yorkshire adults +5d, declined (twice); o3 A South East children +20d, accepted
  3  03-03 10:00       West Midlands, adults  ineligible (12.0): time out, right to work
  4  03-31 23:30 (= 04-01 00:30 BST)
                       London, children       ineligible (1.5): statutory experience
  5  03-04 12:00       London, children       eligible (2.0)
       o4 B Yorkshire adults +2d, expired
  6  03-04 13:00       North East, adults     eligible (9.0)
       o5 B Yorkshire adults +8d, accepted; then withdrew
  7  03-05 08:00       South West, children   eligible (5.0)
       o6 A South East children +3d, accepted; hired +20d
  8  03-05 09:00       London, adults         none; withdrew
  9  never submitted                          eligible (4.0): not counted
 10  03-06 10:00 to another programme, planning-2027

Region/specialism: the placement's (accepted or hired offer) once placed, else the first
preference: apps 1, 2, 7 count in South East/children, app 6 in Yorkshire/adults.
"""

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from returners_platform.contracts.envelope import EventData
from returners_platform.contracts.events import (
    ApplicationSubmitted,
    ApplicationWithdrawn,
    CouncilRegistered,
    EligibilityDecided,
    NotificationDeliveryFailed,
    PlacementAccepted,
    PlacementDeclined,
    PlacementOffered,
    PlacementOfferExpired,
    Preferences,
    ProgrammePublished,
    ReturnerHired,
    VacancyClosed,
    VacancyPublished,
)
from returners_platform.contracts.examples import EXAMPLES

PROGRAMME = "rtsw-test"
OTHER_PROGRAMME = "planning-2027"
COUNCIL_A = UUID("aaaaaaaa-0000-4000-8000-000000000001")
COUNCIL_B = UUID("bbbbbbbb-0000-4000-8000-000000000002")
# Every applicant's registration history is the catalogue's example's.
_EXAMPLE_SUBMISSION = EXAMPLES[ApplicationSubmitted]
assert isinstance(_EXAMPLE_SUBMISSION, ApplicationSubmitted)
VACANCY_A1 = UUID("aaaaaaaa-1111-4000-8000-000000000001")
VACANCY_B1 = UUID("bbbbbbbb-1111-4000-8000-000000000001")
VACANCY_B2 = UUID("bbbbbbbb-1111-4000-8000-000000000002")


def app_id(n: int) -> UUID:
    return UUID(f"00000000-0000-4000-8000-{n:012d}")


def offer_id(n: int) -> UUID:
    return UUID(f"0ffe0000-0000-4000-8000-{n:012d}")


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2020, month, day, hour, minute, tzinfo=UTC)


def programme(programme_id: str = PROGRAMME, places: int = 5, **changes: Any) -> ProgrammePublished:
    base = EXAMPLES[ProgrammePublished].model_dump()
    base.update(programme_id=programme_id, title="Return to Social Work (test)", places=places)
    base.update(changes)
    return ProgrammePublished(**base)


def submitted(
    n: int, when: datetime, region: str, specialism: str, programme_id: str = PROGRAMME
) -> ApplicationSubmitted:
    return ApplicationSubmitted(
        application_id=app_id(n),
        programme_id=programme_id,
        submitted_at=when,
        right_to_work_uk=True,
        registration=_EXAMPLE_SUBMISSION.registration,
        preferences=Preferences(
            regions=[region, "London"] if region != "London" else [region], specialisms=[specialism]
        ),
    )


def decided(
    n: int,
    eligible: bool,
    years: float,
    reasons: tuple[str, ...] = (),
    when: datetime | None = None,
) -> EligibilityDecided:
    return EligibilityDecided(
        application_id=app_id(n),
        programme_id=PROGRAMME,
        eligible=eligible,
        reasons=list(reasons),
        updating_days=(30 if years < 5 else 60) if eligible else None,
        years_out_of_practice=years,
        decided_at=when or at(3, 20, 12),
    )


def offered(
    n: int, offer: int, council: UUID, vacancy: UUID, region: str, specialism: str, when: datetime
) -> PlacementOffered:
    return PlacementOffered(
        offer_id=offer_id(offer),
        application_id=app_id(n),
        programme_id=PROGRAMME,
        council_id=council,
        vacancy_id=vacancy,
        region=region,
        specialism=specialism,
        updating_days=30,
        starts_on=date(2020, 5, 4),
        offered_at=when,
        expires_at=when + timedelta(days=7),
    )


def _answer(
    model: type[Any], n: int, offer: int, council: UUID, vacancy: UUID, **when: datetime
) -> Any:
    return model(
        application_id=app_id(n),
        programme_id=PROGRAMME,
        offer_id=offer_id(offer),
        council_id=council,
        vacancy_id=vacancy,
        **when,
    )


def accepted(n: int, offer: int, council: UUID, vacancy: UUID, when: datetime) -> PlacementAccepted:
    return _answer(PlacementAccepted, n, offer, council, vacancy, accepted_at=when)


def declined(n: int, offer: int, council: UUID, vacancy: UUID, when: datetime) -> PlacementDeclined:
    return _answer(PlacementDeclined, n, offer, council, vacancy, declined_at=when)


def expired(
    n: int, offer: int, council: UUID, vacancy: UUID, when: datetime
) -> PlacementOfferExpired:
    return PlacementOfferExpired(
        offer_id=offer_id(offer),
        application_id=app_id(n),
        programme_id=PROGRAMME,
        council_id=council,
        vacancy_id=vacancy,
        expired_at=when,
    )


def hired(n: int, offer: int, council: UUID, vacancy: UUID, when: datetime) -> ReturnerHired:
    return ReturnerHired(
        application_id=app_id(n),
        programme_id=PROGRAMME,
        council_id=council,
        vacancy_id=vacancy,
        offer_id=offer_id(offer),
        hired_at=when,
    )


def withdrawn(n: int, when: datetime) -> ApplicationWithdrawn:
    return ApplicationWithdrawn(application_id=app_id(n), programme_id=PROGRAMME, withdrawn_at=when)


def vacancy(
    vid: UUID, council: UUID, region: str, specialism: str, slots: int, revision: int
) -> VacancyPublished:
    return VacancyPublished(
        vacancy_id=vid,
        council_id=council,
        programme_id=PROGRAMME,
        region=region,
        specialism=specialism,
        slots=slots,
        starts_on=date(2020, 5, 4),
        revision=revision,
        published_at=at(2, 1, 9) + timedelta(days=revision),
    )


SE, YH = "South East", "Yorkshire and The Humber"

# Each part goes to one topic; ``Duplicate`` marks a record published a second time
# (the same event, same id) and a repeated model a second event with the same content.
PLACEMENT_EVENTS: list[EventData] = [
    decided(1, True, 6.5),
    offered(1, 1, COUNCIL_A, VACANCY_A1, SE, "children", at(3, 12, 9)),
    hired(1, 1, COUNCIL_A, VACANCY_A1, at(4, 1, 9)),
    hired(1, 1, COUNCIL_A, VACANCY_A1, at(4, 1, 9)),  # reported twice
    decided(2, True, 3.0),
    offered(2, 2, COUNCIL_B, VACANCY_B1, YH, "adults", at(3, 7, 18)),
    offered(2, 3, COUNCIL_A, VACANCY_A1, SE, "children", at(3, 22, 18)),
    decided(3, False, 12.0, ("time_out_of_practice", "right_to_work")),
    decided(4, False, 1.5, ("statutory_experience",)),
    decided(5, True, 2.0),
    offered(5, 4, COUNCIL_B, VACANCY_B1, YH, "adults", at(3, 6, 12)),
    expired(5, 4, COUNCIL_B, VACANCY_B1, at(3, 13, 12)),
    decided(6, True, 9.0),
    offered(6, 5, COUNCIL_B, VACANCY_B1, YH, "adults", at(3, 12, 13)),
    decided(7, True, 5.0),
    offered(7, 6, COUNCIL_A, VACANCY_A1, SE, "children", at(3, 8, 8)),
    hired(7, 6, COUNCIL_A, VACANCY_A1, at(3, 25, 8)),
    decided(9, True, 4.0),
]
APPLICATION_EVENTS: list[EventData] = [
    submitted(1, at(3, 2, 9), SE, "children"),
    accepted(1, 1, COUNCIL_A, VACANCY_A1, at(3, 13, 9)),
    submitted(2, at(3, 2, 18), "London", "adults"),
    declined(2, 2, COUNCIL_B, VACANCY_B1, at(3, 8, 9)),
    declined(2, 2, COUNCIL_B, VACANCY_B1, at(3, 8, 9)),  # a second event, same content
    accepted(2, 3, COUNCIL_A, VACANCY_A1, at(3, 23, 9)),
    submitted(3, at(3, 3, 10), "West Midlands", "adults"),
    submitted(4, at(3, 31, 23, 30), "London", "children"),
    submitted(5, at(3, 4, 12), "London", "children"),
    submitted(6, at(3, 4, 13), "North East", "adults"),
    accepted(6, 5, COUNCIL_B, VACANCY_B1, at(3, 13, 13)),
    withdrawn(6, at(3, 20, 10)),
    submitted(7, at(3, 5, 8), "South West", "children"),
    accepted(7, 6, COUNCIL_A, VACANCY_A1, at(3, 9, 8)),
    submitted(8, at(3, 5, 9), "London", "adults"),
    withdrawn(8, at(3, 6, 10)),
    submitted(10, at(3, 6, 10), "London", "adults", programme_id=OTHER_PROGRAMME),
]
COUNCIL_EVENTS: list[EventData] = [
    VacancyClosed(
        vacancy_id=VACANCY_B2, council_id=COUNCIL_B, programme_id=PROGRAMME, closed_at=at(3, 1, 9)
    ),  # the close before the vacancy itself
    vacancy(VACANCY_B2, COUNCIL_B, "London", "children", 1, 1),
    vacancy(VACANCY_A1, COUNCIL_A, SE, "children", 3, 2),  # revision 2 before revision 1
    vacancy(VACANCY_A1, COUNCIL_A, SE, "children", 2, 1),
    vacancy(VACANCY_B1, COUNCIL_B, YH, "adults", 2, 1),
    CouncilRegistered(
        council_id=COUNCIL_A, name="Buckinghamshire Council", registered_at=at(1, 10, 9)
    ),
    CouncilRegistered(council_id=COUNCIL_B, name="Leeds City Council", registered_at=at(1, 11, 9)),
]
PROGRAMME_EVENTS: list[EventData] = [programme(), programme()]
NOTIFICATION_EVENTS: list[EventData] = [
    NotificationDeliveryFailed(
        delivery_id=UUID("de11e000-0000-4000-8000-000000000001"),
        channel="webhook",
        recipient_id=COUNCIL_A,
        subscription_id=None,
        source_event_id="e-1",
        source_event_type="returners.placement.offered.v1",
        attempts=5,
        last_error="HTTP 503",
        failed_at=at(3, 12, 10),
    ),
]

# Records published twice, byte for byte (a producer retry): indexes into the lists above.
REPEATED_RECORDS = {"applications": [0], "placements": [2]}

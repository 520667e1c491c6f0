"""The whole journey through HTTP and Kafka: applications and matching in-process together.

A programme; fifty applicants with mixed eligibility submitted to the applications service;
three councils with vacancies in different regions and specialisms. Every applicant gets a
decision with the right reasons; offers go only to eligible applicants, within the slots;
a decline and an expiry each pass the place to the next applicant; an accepted offer and
the council's hire report make ``returner.hired``; the applicant's status shows each step.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from returners_cli.testing.polling import eventually
from returners_cli.testing.submissions import submission_body

from .conftest import Council, Platform

pytestmark = pytest.mark.integration

PROGRAMME = "journey-2027"  # starts 2027-05-04; between 2 and 10 years out

# (region, specialism) each applicant prefers; the last one has no vacancy at all.
BUCKETS = [
    ("South East", "children"),
    ("North West", "adults"),
    ("London", "children"),
    ("South West", "adults"),
]
VACANCIES = {  # council -> its one vacancy's bucket and slots
    "Buckinghamshire Council": (BUCKETS[0], 2),
    "Manchester City Council": (BUCKETS[1], 2),
    "Camden Council": (BUCKETS[2], 1),
}
REGISTRATION = {
    "body": "HCPC",
    "first_registered": "2004-09-01",
    "last_practised": "2022-01-01",
    "statutory_practice_years": 6,
    "currently_practising": False,
    "conditions_of_practice": False,
}
# Every fifth applicant fails some rules: (registration changes, right to work, reasons).
INELIGIBLE: list[tuple[dict[str, Any], bool, list[str]]] = [
    ({"last_practised": "2026-01-01"}, True, ["time_out_of_practice"]),
    ({"last_practised": "2015-01-01"}, True, ["time_out_of_practice"]),
    ({"currently_practising": True}, True, ["not_currently_practising"]),
    ({"conditions_of_practice": True}, True, ["no_conditions_of_practice"]),
    ({}, False, ["right_to_work"]),
    ({"body": None, "first_registered": None}, True, ["previously_registered"]),
    ({"statutory_practice_years": 1}, True, ["statutory_experience"]),
    (
        {"body": "NMC", "currently_practising": True},
        False,
        ["previously_registered", "not_currently_practising", "right_to_work"],
    ),
    (
        {"statutory_practice_years": 0, "last_practised": "2012-06-30"},
        True,
        ["statutory_experience", "time_out_of_practice"],
    ),
    ({"conditions_of_practice": True}, False, ["no_conditions_of_practice", "right_to_work"]),
]


@dataclass
class Applicant:
    application_id: str
    token: str
    bucket: tuple[str, str]
    reasons: list[str]
    updating_days: int | None

    @property
    def eligible(self) -> bool:
        return not self.reasons


async def test_fifty_applicants_three_councils_decline_expiry_and_hire(platform: Platform) -> None:
    await _publish_programme(platform)
    people = [await _submit(platform, n) for n in range(50)]

    # A decision for every applicant, with the right reasons and updating days.
    views = await _statuses(platform, people, lambda v: v["eligibility"] is not None, "decided")
    for person, view in zip(people, views, strict=True):
        assert view["eligibility"]["reasons"] == person.reasons, person
        assert view["eligibility"]["eligible"] is person.eligible
        assert view["eligibility"]["updating_days"] == person.updating_days
        assert view["status"] == ("eligible" if person.eligible else "ineligible")

    councils = {name: await platform.register_council(name) for name in VACANCIES}
    for name, (bucket, slots) in VACANCIES.items():
        await _post_vacancy(platform, councils[name], bucket, slots)
    queue = {b: [p for p in people if p.eligible and p.bucket == b] for b in BUCKETS}

    # Offers to the earliest eligible applicants of each bucket, within each vacancy's slots.
    first_round = {name: queue[bucket][:slots] for name, (bucket, slots) in VACANCIES.items()}
    await _offered(platform, [p for group in first_round.values() for p in group])
    await _check_offers(platform, councils, people, expected_live=5)

    # A decline passes the place to the next applicant in that bucket.
    bucks = first_round["Buckinghamshire Council"]
    await _answer(platform, bucks[0], "decline")
    await _offered(platform, [queue[BUCKETS[0]][2]])
    assert (await _status(platform, bucks[0]))["status"] == "eligible"

    # An accepted offer plus the council's hire report: returner.hired.
    hired = first_round["Manchester City Council"][0]
    await _answer(platform, hired, "accept")
    manchester = councils["Manchester City Council"]
    await eventually(
        lambda: platform.council_offers(manchester),
        until=lambda o: o[0]["status"] == "accepted",
        timeout=60,
        what="accepted",
    )
    wrong = await platform.hire(councils["Camden Council"], hired.application_id)
    assert wrong.status_code == 409
    assert (await platform.hire(manchester, hired.application_id)).status_code == 201
    await _statuses(platform, [hired], lambda v: v["status"] == "hired", "hired")

    # Nobody answers for a week: every open offer expires and passes to the next applicant.
    camden_first = first_round["Camden Council"][0]
    platform.matching_clock.advance(timedelta(days=7, minutes=1))
    await _statuses(
        platform, [camden_first], lambda v: v["offers"][0]["status"] == "expired", "offer expired"
    )
    await _offered(platform, [queue[BUCKETS[2]][1], queue[BUCKETS[1]][2]])
    await _check_offers(platform, councils, people, expected_live=5)

    # Each step shows in the applicant's status timeline.
    assert _steps(await _status(platform, bucks[0])) == [
        "submitted",
        "eligibility_decided",
        "offered",
        "declined",
    ]
    assert _steps(await _status(platform, hired)) == [
        "submitted",
        "eligibility_decided",
        "offered",
        "accepted",
        "hired",
    ]
    assert _steps(await _status(platform, camden_first)) == [
        "submitted",
        "eligibility_decided",
        "offered",
        "offer_expired",
    ]
    never = queue[BUCKETS[3]][0]  # eligible, but no vacancy in their region
    assert (await _status(platform, never))["offers"] == []


async def _publish_programme(platform: Platform) -> None:
    now = datetime.now(UTC)
    body = {
        "programme_id": PROGRAMME,
        "title": "Return to Social Work (journey)",
        "profession": "social_work",
        "opens_at": (now - timedelta(days=1)).isoformat(),
        "closes_at": (now + timedelta(days=30)).isoformat(),
        "timezone": "Europe/London",
        "starts_on": "2027-05-04",
        "places": 200,
        "min_years_out": 2,
        "max_years_out": 10,
        "min_statutory_years": 2,
        "updating_days": [{"from_years": 2, "days": 30}, {"from_years": 5, "days": 60}],
        "offer_window_days": 7,
        "regions": [b[0] for b in BUCKETS],
        "specialisms": ["children", "adults"],
    }
    response = await platform.matching.post("/admin/programmes", json=body, headers=platform.ops)
    assert response.status_code == 201, response.text


async def _submit(platform: Platform, n: int) -> Applicant:
    bucket = BUCKETS[n % len(BUCKETS)]
    changes, right_to_work, reasons = ({}, True, []) if n % 5 != 4 else INELIGIBLE[n // 5]
    if not reasons and n % 2:
        changes = {"last_practised": "2024-06-01"}  # under 5 years out: 30 days
    body = submission_body(
        PROGRAMME,
        contact={"family_name": f"Returner{n}", "email": f"ada{n}@example.org"},
        registration={**REGISTRATION, **changes},
        preferences={"regions": [bucket[0]], "specialisms": [bucket[1]]},
        right_to_work_uk=right_to_work,
    )
    response = await eventually(  # the first waits for applications to learn the programme
        lambda: platform.applications.post("/applications", json=body),
        until=lambda r: r.status_code != 409,
        timeout=60,
        what="programme known",
    )
    assert response.status_code == 201, response.text
    days = None if reasons else (30 if n % 2 else 60)
    return Applicant(
        response.json()["application_id"], response.json()["access_token"], bucket, reasons, days
    )


async def _status(platform: Platform, person: Applicant) -> dict[str, Any]:
    return await platform.status(person.application_id, person.token)


async def _statuses(
    platform: Platform, people: list[Applicant], until: Any, what: str
) -> list[dict[str, Any]]:
    async def probe() -> list[dict[str, Any]]:
        return [await _status(platform, p) for p in people]

    return await eventually(
        probe, until=lambda vs: all(until(v) for v in vs), timeout=90, what=what
    )


async def _offered(platform: Platform, people: list[Applicant]) -> None:
    views = await _statuses(platform, people, lambda v: v["status"] == "offered", "offered")
    for view in views:
        offer = [o for o in view["offers"] if o["status"] == "offered"][-1]
        assert offer["updating_days"] == view["eligibility"]["updating_days"]


async def _answer(platform: Platform, person: Applicant, answer: str) -> None:
    view = await _status(platform, person)
    [offer] = [o for o in view["offers"] if o["status"] == "offered"]
    response = await platform.applications.post(
        f"/applications/{person.application_id}/offers/{offer['offer_id']}/{answer}",
        headers={"Authorization": f"Bearer {person.token}"},
    )
    assert response.status_code == 200, response.text


async def _post_vacancy(
    platform: Platform, council: Council, bucket: tuple[str, str], slots: int
) -> None:
    body = {
        "programme_id": PROGRAMME,
        "region": bucket[0],
        "specialism": bucket[1],
        "slots": slots,
        "starts_on": "2027-05-04",
    }
    response = await platform.matching.post(
        f"/councils/{council[0]}/vacancies",
        json=body,
        headers={"Authorization": f"Bearer {council[1]}"},
    )
    assert response.status_code == 201, response.text


async def _check_offers(
    platform: Platform,
    councils: dict[str, Council],
    people: list[Applicant],
    expected_live: int,
) -> None:
    """Offers only to eligible applicants, never more live ones than a vacancy's slots."""
    eligible = {p.application_id for p in people if p.eligible}
    live = 0
    for name, (_, slots) in VACANCIES.items():
        offers = await platform.council_offers(councils[name])
        assert {o["application_id"] for o in offers} <= eligible
        holding = [o for o in offers if o["status"] in ("offered", "accepted", "hired")]
        assert len(holding) <= slots
        live += len(holding)
    assert live == expected_live


def _steps(view: dict[str, Any]) -> list[str]:
    return [entry["type"] for entry in view["timeline"]]

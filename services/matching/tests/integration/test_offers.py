"""Offers: to the earliest eligible applicants, within slots and places; a decline or a
withdrawal passes the place on; an applicant is never offered a declined vacancy again."""

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from returners_platform.contracts.events import ApplicationWithdrawn, PlacementDeclined

from ..conftest import open_programme
from .conftest import OPS, Matching, council, decided

pytestmark = pytest.mark.integration

T0 = datetime.now(UTC) - timedelta(hours=1)


async def applicants(matching: Matching, count: int, **fields: Any) -> list[UUID]:
    """``count`` eligible applicants submitted a minute apart, earliest first."""
    ids = [
        await matching.submit(submitted_at=T0 + timedelta(minutes=n), **fields)
        for n in range(count)
    ]
    await decided(matching, *ids)
    return ids


def declined(offer: dict[str, object]) -> PlacementDeclined:
    return PlacementDeclined(
        application_id=UUID(str(offer["application_id"])),
        programme_id=str(offer["programme_id"]),
        offer_id=UUID(str(offer["offer_id"])),
        council_id=UUID(str(offer["council_id"])),
        vacancy_id=UUID(str(offer["vacancy_id"])),
        declined_at=datetime.now(UTC),
    )


async def test_the_earliest_eligible_applicants_get_the_slots_and_a_decline_passes_one_on(
    matching: Matching,
) -> None:
    ineligible = await matching.submit(
        submitted_at=T0 - timedelta(minutes=5), currently_practising=True
    )
    first, second, third, fourth = await applicants(matching, 4)
    await decided(matching, ineligible)
    bucks = await council(matching, "Buckinghamshire Council")
    vacancy = await bucks.post_vacancy(slots=2, starts_on="2027-06-07")

    offers = await bucks.offers_until(lambda o: len(o) == 2, "two offers")
    assert [o["application_id"] for o in offers] == [str(first), str(second)]
    [event] = await matching.events(
        "placement.offered", lambda d: d["application_id"] == str(first)
    )
    assert (event["vacancy_id"], event["updating_days"], event["starts_on"]) == (
        vacancy["vacancy_id"],
        60,
        "2027-06-07",
    )
    offered_at = datetime.fromisoformat(event["offered_at"])
    assert datetime.fromisoformat(event["expires_at"]) - offered_at == timedelta(days=7)

    await matching.deliver(declined(offers[0]))
    offers = await bucks.offers_until(lambda o: len(o) == 3, "the slot offered on")
    assert [(o["application_id"], o["status"]) for o in offers] == [
        (str(first), "declined"),
        (str(second), "offered"),
        (str(third), "offered"),
    ]
    assert str(fourth) not in {o["application_id"] for o in offers}

    metrics = (await matching.client.get("/metrics")).text
    for series in (
        'returners_matching_runs_total{trigger="vacancy"}',
        'returners_matching_runs_total{trigger="declined"}',
        "returners_matching_offers_made_total",
        "returners_matching_run_seconds_count",
        'returners_matching_eligibility_decisions_total{eligible="false"}',
    ):
        assert series in metrics, series


async def test_a_decliner_is_offered_another_vacancy_but_never_the_declined_one_again(
    matching: Matching,
) -> None:
    [ada] = await applicants(matching, 1, regions=("South East", "London"))
    bucks = await council(matching, "Buckinghamshire Council")
    south_east = await bucks.post_vacancy(region="South East")
    [offer] = await bucks.offers_until(lambda o: len(o) == 1, "an offer")
    await matching.deliver(declined(offer))
    await bucks.offers_until(lambda o: o[0]["status"] == "declined", "the decline recorded")
    london = await bucks.post_vacancy(region="London")
    offers = await bucks.offers_until(lambda o: len(o) == 2, "the London offer")
    assert [(o["vacancy_id"], o["status"]) for o in offers] == [
        (south_east["vacancy_id"], "declined"),
        (london["vacancy_id"], "offered"),
    ]
    assert {o["application_id"] for o in offers} == {str(ada)}


async def test_a_withdrawal_frees_the_place_for_the_next_applicant(matching: Matching) -> None:
    first, second = await applicants(matching, 2)
    kent = await council(matching, "Kent County Council")
    await kent.post_vacancy()
    [offer] = await kent.offers_until(lambda o: len(o) == 1, "an offer")
    assert offer["application_id"] == str(first)
    await matching.deliver(
        ApplicationWithdrawn(
            application_id=first, programme_id="rtsw-open", withdrawn_at=datetime.now(UTC)
        )
    )
    offers = await kent.offers_until(lambda o: len(o) == 2, "the place offered on")
    assert [(o["application_id"], o["status"]) for o in offers] == [
        (str(first), "withdrawn"),
        (str(second), "offered"),
    ]


async def test_offers_never_exceed_the_programme_places(matching: Matching) -> None:
    tiny = open_programme("tiny-cohort", places=2)
    assert (await matching.client.post("/admin/programmes", json=tiny, headers=OPS)).is_success
    ids = await applicants(matching, 4, programme_id="tiny-cohort")
    leeds = await council(matching, "Leeds City Council")
    await leeds.post_vacancy(programme_id="tiny-cohort", slots=3)
    offers = await leeds.offers_until(lambda o: len(o) == 2, "two offers")
    await matching.deliver(declined(offers[0]))
    offers = await leeds.offers_until(lambda o: len(o) == 3, "the freed place offered on")
    live = [o["application_id"] for o in offers if o["status"] == "offered"]
    assert live == [str(ids[1]), str(ids[2])]  # two places, three slots: two live offers


async def test_concurrent_vacancies_and_applicants_never_double_book(matching: Matching) -> None:
    """Runs triggered at once by submissions (three partitions, consumed in parallel) and by
    vacancy posts (concurrent requests) are serialised by the programme's matching lock."""
    councils = [await council(matching, f"Council {n}") for n in range(3)]
    submissions = [matching.submit() for _ in range(15)]
    postings = [c.post_vacancy(slots=2) for c in councils for _ in range(2)]
    results = await asyncio.gather(*submissions, *postings)
    await decided(matching, *results[:15])  # each decision commits with its matching run

    offered = await matching.events("placement.offered", count=12)
    rows = await matching.fetch(
        "SELECT vacancy_id, count(*) AS n FROM offers GROUP BY vacancy_id ORDER BY vacancy_id"
    )
    assert [r["n"] for r in rows] == [2] * 6  # every slot offered once, none twice
    assert len(offered) == 12
    assert len({d["application_id"] for d in offered}) == 12

"""Expiry (by moving the clock), late answers, hires, and erasure."""

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from returners_cli.testing.polling import eventually
from returners_platform.contracts.events import ApplicantErased, PlacementAccepted

from .conftest import Council, Matching, council, decided

pytestmark = pytest.mark.integration

T0 = datetime.now(UTC) - timedelta(hours=1)


async def two_applicants_and_one_slot(matching: Matching) -> tuple[UUID, UUID, Council]:
    first = await matching.submit(submitted_at=T0)
    second = await matching.submit(submitted_at=T0 + timedelta(minutes=1))
    await decided(matching, first, second)
    bucks = await council(matching, "Buckinghamshire Council")
    await bucks.post_vacancy()
    await bucks.offers_until(lambda o: len(o) == 1, "the first offer")
    return first, second, bucks


def accepted(offer: dict[str, Any], at: datetime) -> PlacementAccepted:
    return PlacementAccepted(
        application_id=UUID(offer["application_id"]),
        programme_id=offer["programme_id"],
        offer_id=UUID(offer["offer_id"]),
        council_id=UUID(offer["council_id"]),
        vacancy_id=UUID(offer["vacancy_id"]),
        accepted_at=at,
    )


async def test_an_unanswered_offer_expires_after_the_window_and_the_next_applicant_is_offered(
    matching: Matching,
) -> None:
    first, second, bucks = await two_applicants_and_one_slot(matching)
    [offer] = await bucks.offers()
    matching.clock.advance(timedelta(days=6, hours=23))
    matching.clock.advance(timedelta(hours=1, seconds=1))  # past the 7-day window

    [expired] = await matching.events(
        "placement.offer_expired", lambda d: d["application_id"] == str(first)
    )
    assert (expired["offer_id"], expired["expired_at"]) == (offer["offer_id"], offer["expires_at"])
    offers = await bucks.offers_until(lambda o: len(o) == 2, "the slot offered on")
    assert [(o["application_id"], o["status"]) for o in offers] == [
        (str(first), "expired"),
        (str(second), "offered"),
    ]
    new_offered_at = datetime.fromisoformat(offers[1]["offered_at"])
    assert new_offered_at > datetime.now(UTC) + timedelta(days=6)  # on the moved clock


async def test_an_acceptance_given_after_the_deadline_expires_the_offer_instead(
    matching: Matching,
) -> None:
    first, second, bucks = await two_applicants_and_one_slot(matching)
    [offer] = await bucks.offers()
    too_late = datetime.fromisoformat(offer["expires_at"]) + timedelta(seconds=1)
    await matching.deliver(accepted(offer, too_late))

    await matching.events("placement.offer_expired", lambda d: d["offer_id"] == offer["offer_id"])
    offers = await bucks.offers_until(lambda o: len(o) == 2, "the slot offered on")
    assert [(o["application_id"], o["status"]) for o in offers] == [
        (str(first), "expired"),
        (str(second), "offered"),
    ]


async def test_an_accepted_offer_is_hired_once_by_its_own_council_only(
    matching: Matching,
) -> None:
    first, second, bucks = await two_applicants_and_one_slot(matching)
    leeds = await council(matching, "Leeds City Council")
    [offer] = await bucks.offers()
    not_yet = await bucks.hire(first)
    assert (not_yet.status_code, not_yet.json()["code"]) == (409, "no_accepted_offer")

    await matching.deliver(accepted(offer, datetime.now(UTC)))
    await bucks.offers_until(lambda o: o[0]["status"] == "accepted", "the acceptance")
    for other in (await leeds.hire(first), await bucks.hire(second), await bucks.hire(UUID(int=7))):
        assert other.status_code == 409
        assert other.json() == not_yet.json()  # the same answer whatever the reason

    hired = await bucks.hire(first)
    assert hired.status_code == 201, hired.text
    assert (hired.json()["offer_id"], hired.json()["council_id"]) == (
        offer["offer_id"],
        bucks.council_id,
    )
    again = await bucks.hire(first)
    assert (again.status_code, again.json()) == (200, hired.json())
    [event] = await matching.events("returner.hired", lambda d: d["application_id"] == str(first))
    assert event == hired.json()

    await bucks.post_vacancy()  # the second applicant gets an offer that will expire
    await bucks.offers_until(lambda o: len(o) == 2, "an offer to the second applicant")
    matching.clock.advance(timedelta(days=8))
    await matching.events("placement.offer_expired", lambda d: d["application_id"] == str(second))
    hired_offer, expired_offer = await bucks.offers()
    assert (hired_offer["status"], hired_offer["hired_at"]) == ("hired", hired.json()["hired_at"])
    assert expired_offer["status"] == "expired"  # the expiry pass ran and left the hire alone


async def test_erasure_removes_the_eligibility_inputs_and_keeps_the_decision(
    matching: Matching,
) -> None:
    ada = await matching.submit()
    await decided(matching, ada)
    await matching.deliver(
        ApplicantErased(application_id=ada, programme_id="rtsw-open", erased_at=datetime.now(UTC))
    )

    async def erased() -> list[Any]:
        return await matching.fetch(
            "SELECT inputs, eligible, reasons, updating_days, years_out_of_practice, erased_at"
            " FROM applicants WHERE application_id = $1 AND erased_at IS NOT NULL",
            ada,
        )

    [row] = await eventually(erased, timeout=60, what="erasure applied")
    assert row["inputs"] is None
    assert (row["eligible"], row["reasons"], row["updating_days"]) == (True, [], 60)
    assert row["years_out_of_practice"] == 5.0  # whole years only

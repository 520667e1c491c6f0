"""The training service's facts about an accepted offer: conditions not met withdraw it and
its slot goes to the next applicant; a placement the returner leaves keeps its slot."""

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from returners_cli.testing.kafka import publish_event
from returners_cli.testing.polling import eventually
from returners_platform.contracts.events import PlacementOfferWithdrawn, PlacementWithdrawn
from returners_platform.contracts.examples import EXAMPLES

from .conftest import Matching, council, decided
from .test_expiry_and_hires import accepted

pytestmark = pytest.mark.integration

T0 = datetime.now(UTC) - timedelta(hours=1)


def placement(offer: dict[str, Any]) -> dict[str, Any]:
    return {
        "placement_id": UUID(offer["offer_id"]),
        "application_id": UUID(offer["application_id"]),
        "programme_id": offer["programme_id"],
        "council_id": UUID(offer["council_id"]),
        "vacancy_id": UUID(offer["vacancy_id"]),
    }


async def from_training(matching: Matching, data: Any) -> str:
    event = await publish_event(matching.kafka, matching.prefix, data, source="/returners/training")
    return event.id


async def test_conditions_not_met_withdraw_the_offer_and_offer_its_slot_to_the_next_applicant(
    matching: Matching,
) -> None:
    first = await matching.submit(submitted_at=T0)
    second = await matching.submit(submitted_at=T0 + timedelta(minutes=1))
    await decided(matching, first, second)
    bucks = await council(matching, "Buckinghamshire Council")
    await bucks.post_vacancy()
    [offer] = await bucks.offers_until(lambda o: len(o) == 1, "the first offer")
    assert offer["application_id"] == str(first)
    await matching.deliver(accepted(offer, datetime.now(UTC)))
    await bucks.offers_until(lambda o: o[0]["status"] == "accepted", "the acceptance")

    withdrawn = EXAMPLES[PlacementOfferWithdrawn].model_copy(
        update={**placement(offer), "withdrawn_at": datetime.now(UTC)}
    )
    sent = [await from_training(matching, withdrawn) for _ in range(2)]  # twice, two event ids

    offers = await bucks.offers_until(lambda o: len(o) == 2, "the slot offered on")
    await eventually(
        lambda: matching.fetch(
            "SELECT 1 FROM processed_events WHERE event_id = ANY($1::text[])", sent
        ),
        until=lambda rows: len(rows) == 2,
        what="both deliveries handled",
    )
    assert [(o["application_id"], o["status"], o["withdrawal_reason"]) for o in offers] == [
        (str(first), "withdrawn", "conditions_not_met"),
        (str(second), "offered", None),
    ]
    refused = await bucks.hire(first)
    assert (refused.status_code, refused.json()["code"]) == (409, "no_accepted_offer")

    # more slots later: the withdrawn applicant is not offered again, in any vacancy
    await bucks.post_vacancy(slots=2)
    third = await matching.submit(submitted_at=T0 + timedelta(minutes=2))
    await decided(matching, third)
    offers = await bucks.offers_until(lambda o: len(o) == 3, "the newcomer's offer")
    assert [o["application_id"] for o in offers].count(str(first)) == 1
    assert {o["application_id"] for o in offers[1:]} == {str(second), str(third)}
    [row] = await matching.fetch(
        "SELECT count(*) AS n FROM offers WHERE application_id = $1", second
    )
    assert row["n"] == 1  # offered once, not once per delivery of the fact


async def test_a_placement_left_mid_way_is_recorded_and_its_slot_is_not_offered_again(
    matching: Matching,
) -> None:
    first = await matching.submit(submitted_at=T0)
    second = await matching.submit(submitted_at=T0 + timedelta(minutes=1))
    await decided(matching, first, second)
    bucks = await council(matching, "Buckinghamshire Council")
    await bucks.post_vacancy()
    [offer] = await bucks.offers_until(lambda o: len(o) == 1, "the first offer")
    await matching.deliver(accepted(offer, datetime.now(UTC)))
    await bucks.offers_until(lambda o: o[0]["status"] == "accepted", "the acceptance")

    left = EXAMPLES[PlacementWithdrawn].model_copy(
        update={**placement(offer), "withdrawn_at": datetime.now(UTC)}
    )
    await from_training(matching, left)
    [recorded] = await bucks.offers_until(
        lambda o: o[0]["placement_withdrawn_at"] is not None, "the placement withdrawal"
    )
    assert (recorded["status"], recorded["placement_withdrawal_reason"]) == (
        "accepted",
        "caring_responsibilities",
    )
    # a newcomer's eligibility re-runs matching: the left placement's slot is still taken
    third = await matching.submit(submitted_at=T0 + timedelta(minutes=2))
    await decided(matching, third)
    # (its run committed with the decision the test waited for)
    [row] = await matching.fetch("SELECT count(*) AS n FROM offers")
    assert row["n"] == 1
    hired = await bucks.hire(first)  # the hire stays the council's fact
    assert hired.status_code == 201, hired.text

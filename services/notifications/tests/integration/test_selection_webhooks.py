"""A council subscribed to ``selection.decided`` receives the selection result of an
applicant it offers a placement, whichever of the two events arrives first, and no other
council receives it."""

import json
import uuid

import pytest

from returners_platform.contracts.events import SelectionDecided

from .conftest import Service
from .events import example, offer
from .receiver import receiving

pytestmark = pytest.mark.integration


async def test_the_selection_result_goes_to_the_council_that_offers_and_no_other(
    service: Service,
) -> None:
    offering, other = uuid.uuid4(), uuid.uuid4()
    before_offer, after_offer = uuid.uuid4(), uuid.uuid4()
    with receiving() as receiver, receiving() as bystander:
        types = ["selection.decided", "placement.offered"]
        await service.subscribe(offering, receiver.url, types)
        await service.subscribe(other, bystander.url, types)
        # The result before the offer (the usual order), and an offer before its result.
        first_result = await service.deliver(
            example(SelectionDecided, application_id=before_offer), source="/returners/selection"
        )
        await service.deliver(offer(offering, before_offer))
        await service.deliver(offer(offering, after_offer))
        await service.deliver(offer(offering, before_offer))  # a second offer: no second copy
        second_result = await service.deliver(
            example(SelectionDecided, application_id=after_offer), source="/returners/selection"
        )

        delivered = await service.wait_for_deliveries(offering, 5)
        results = {d["event_id"] for d in delivered if d["event_type"] == "selection.decided"}
        assert results == {first_result.id, second_result.id}
        assert len(delivered) == 5
        for body in receiver.processed.values():
            event = json.loads(body)
            if event["type"] == "returners.selection.decided.v1":
                assert event["data"]["application_id"] in {str(before_offer), str(after_offer)}
    assert await service.deliveries(other) == []

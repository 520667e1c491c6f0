"""A council only ever receives events about its own vacancies and offers."""

import json
import uuid

import pytest

from returners_cli.testing.polling import eventually

from .conftest import Service, council_headers
from .events import accepted, council, hired, offer, vacancy, withdrawn
from .receiver import Receiver, receiving

pytestmark = pytest.mark.integration

EVERYTHING = [
    "placement.offered",
    "placement.accepted",
    "placement.declined",
    "placement.offer_expired",
    "returner.hired",
    "vacancy.published",
    "vacancy.closed",
    "council.registered",
    "application.withdrawn",
    "applicant.erased",
]


async def test_council_a_never_receives_council_b_events(service: Service) -> None:
    council_a, council_b = uuid.uuid4(), uuid.uuid4()
    with receiving() as receiver_a, receiving() as receiver_b:
        await service.subscribe(council_a, receiver_a.url, EVERYTHING)
        await service.subscribe(council_b, receiver_b.url, EVERYTHING)
        applicant_a, applicant_b = uuid.uuid4(), uuid.uuid4()
        offer_a, offer_b = offer(council_a, applicant_a), offer(council_b, applicant_b)
        events_for_a = [vacancy(council_a), offer_a, accepted(offer_a), hired(offer_a)]
        events_for_b = [council(council_b, "Council B"), vacancy(council_b), offer_b]
        sent = [await service.deliver(e) for e in events_for_b + events_for_a]
        await service.wait_for_deliveries(council_b, len(events_for_b))
        # No council in this event: it goes to whoever offered the application a placement
        # (sent once the offer is known: the two travel on different topics).
        sent.append(await service.deliver(withdrawn(applicant_b)))
        ids_a = {e.id for e in sent if e.data in events_for_a}
        ids_b = {e.id for e in sent} - ids_a

        await service.wait_for_deliveries(council_a, len(ids_a))
        await service.wait_for_deliveries(council_b, len(ids_b))
        await _every_event_consumed_and_settled(service, len(sent))

        assert _event_ids(receiver_a) == ids_a
        assert _event_ids(receiver_b) == ids_b
        for body in receiver_a.processed.values():
            data = json.loads(body)["data"]
            assert data.get("council_id", str(council_a)) == str(council_a)
            assert data.get("application_id", str(applicant_a)) == str(applicant_a)

    listed_a = await service.deliveries(council_a)
    assert {d["event_id"] for d in listed_a} == ids_a
    # A's key cannot read B's log or subscriptions: it is told they do not exist.
    for path in (f"/councils/{council_b}/deliveries", f"/councils/{council_b}/subscriptions"):
        answer = await service.client.get(path, headers=council_headers(council_a))
        assert answer.status_code == 404
        assert (await service.client.get(path)).status_code == 401
    [delivery_b] = (await service.deliveries(council_b))[:1]
    peek = await service.client.get(
        f"/councils/{council_a}/deliveries/{delivery_b['delivery_id']}",
        headers=council_headers(council_a),
    )
    assert peek.status_code == 404


async def _every_event_consumed_and_settled(service: Service, count: int) -> None:
    async def state() -> tuple[int, int]:
        [row] = await service.rows(
            "SELECT (SELECT count(*) FROM processed_events) AS consumed,"
            " (SELECT count(*) FROM deliveries"
            "  WHERE channel = 'webhook' AND status = 'pending') AS pending"
        )
        return row["consumed"], row["pending"]

    await eventually(state, until=lambda s: s == (count, 0), what="all events handled")


def _event_ids(receiver: Receiver) -> set[str]:
    return {json.loads(body)["id"] for body in receiver.processed.values()}

"""Malformed and unknown events on a consumed topic go to the dead-letter topic; work goes on."""

import json
import uuid

import pytest

from returners_cli.testing.kafka import produce_raw, wait_for_records
from returners_cli.testing.polling import eventually
from returners_cli.testing.submissions import submission_body

from ..conftest import open_programme
from .conftest import Service

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (b"\x00\xffnot json at all", "malformed JSON"),
        (
            json.dumps(
                {
                    "specversion": "1.0",
                    "id": "x1",
                    "source": "/elsewhere",
                    "type": "returners.eligibility.decided.v7",
                    "time": "2026-01-01T00:00:00Z",
                    "subject": "s",
                    "datacontenttype": "application/json",
                    "dataschema": "u",
                    "correlationid": "c",
                    "causationid": "c",
                    "data": {},
                }
            ).encode(),
            "unknown event type returners.eligibility.decided.v7",
        ),
    ],
)
async def test_a_bad_event_is_dead_lettered_with_its_reason_and_the_next_good_one_handled(
    service: Service, value: bytes, reason: str
) -> None:
    key = uuid.uuid4().hex
    await produce_raw(service.kafka, service.topic("returners.programmes"), value, key.encode())
    await service.deliver(open_programme("after-the-poison"))

    [dead] = await wait_for_records(
        service.kafka, service.topic("returners.dlq.applications"), lambda r: r.key == key
    )
    assert reason in dead.headers["dlq.reason"]
    assert dead.headers["dlq.original_topic"] == service.topic("returners.programmes")
    assert dead.headers["dlq.service"] == "applications"

    async def submit_status() -> int:
        response = await service.client.post(
            "/applications", json=submission_body(programme_id="after-the-poison")
        )
        return response.status_code

    # 201 instead of 409 unknown_programme shows the good event after the bad one was handled
    await eventually(submit_status, until=lambda code: code == 201, what="programme consumed")

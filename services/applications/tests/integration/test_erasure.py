"""Erasure (UK GDPR): contact details gone, statistics and status stay, applicant.erased sent."""

import pytest

from returners_cli.testing.databases import database_text
from returners_cli.testing.kafka import wait_for_records
from returners_cli.testing.submissions import submission_body

from .conftest import INTERNAL_TOKEN, OPS_TOKEN, Service

pytestmark = pytest.mark.integration

CONTACT = submission_body()["contact"]
PERSONAL_VALUES = ["Ada", "Lovelace", "ada@example.org", "7700900123", "HP20 1UA"]


async def test_after_erasure_no_contact_detail_remains_and_the_status_still_answers(
    service: Service,
) -> None:
    response = await service.client.post(
        "/applications", json=submission_body(), headers={"Idempotency-Key": "erase-me"}
    )
    application_id, token = response.json()["application_id"], response.json()["access_token"]
    internal = {"Authorization": f"Bearer {INTERNAL_TOKEN}"}
    contact = await service.client.get(
        f"/internal/applications/{application_id}/contact", headers=internal
    )
    assert contact.json()["email"] == CONTACT["email"]
    before = await database_text(service.settings.database_url)
    assert all(value in before for value in PERSONAL_VALUES)  # the scan can see them

    erased = await service.client.delete(
        f"/applications/{application_id}/personal-data",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert erased.status_code == 204

    after = await database_text(service.settings.database_url)
    assert [v for v in PERSONAL_VALUES if v in after] == []
    view = await service.status(application_id, token)
    assert view["personal_data_erased"] is True
    assert view["timeline"][-1]["type"] == "personal_data_erased"
    gone = await service.client.get(
        f"/internal/applications/{application_id}/contact", headers=internal
    )
    assert gone.status_code == 404
    [event] = await wait_for_records(
        service.kafka,
        service.topic("returners.applications"),
        lambda r: (
            r.key == application_id and r.headers["ce_type"] == "returners.applicant.erased.v1"
        ),
    )
    assert [v for v in PERSONAL_VALUES if v in event.value.decode()] == []  # type: ignore[union-attr]


async def test_operations_staff_can_erase_on_request_and_erasing_twice_publishes_once(
    service: Service,
) -> None:
    response = await service.client.post("/applications", json=submission_body())
    application_id = response.json()["application_id"]
    ops = {"Authorization": f"Bearer {OPS_TOKEN}"}
    first = await service.client.delete(
        f"/applications/{application_id}/personal-data", headers=ops
    )
    second = await service.client.delete(
        f"/applications/{application_id}/personal-data", headers=ops
    )
    assert (first.status_code, second.status_code) == (204, 204)
    erasures = await wait_for_records(
        service.kafka,
        service.topic("returners.applications"),
        lambda r: (
            r.key == application_id and r.headers["ce_type"] == "returners.applicant.erased.v1"
        ),
    )
    assert len(erasures) == 1

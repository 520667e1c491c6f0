"""Status and timeline built from consumed events; withdraw and offer answers publish events."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from returners_cli.testing.kafka import wait_for_records
from returners_cli.testing.polling import eventually
from returners_cli.testing.submissions import submission_body
from returners_platform.contracts.events import (
    EligibilityDecided,
    PlacementOffered,
    PlacementOfferExpired,
    ReturnerHired,
)
from returners_platform.contracts.examples import EXAMPLES
from returners_platform.contracts.vocabulary import EligibilityReason

from .conftest import Service

pytestmark = pytest.mark.integration

COUNCIL = uuid.UUID("0c7a3d52-6f65-4a8e-a6d1-0d7b9e3c4b10")
VACANCY = uuid.UUID("9e1f0a77-2b1c-4d3e-8f5a-6b7c8d9e0f21")


async def _submit(service: Service) -> tuple[str, str]:
    response = await service.client.post("/applications", json=submission_body())
    assert response.status_code == 201, response.text
    return response.json()["application_id"], response.json()["access_token"]


def _decision(application_id: str, eligible: bool = True) -> EligibilityDecided:
    return EligibilityDecided(
        application_id=uuid.UUID(application_id),
        programme_id="rtsw-open",
        eligible=eligible,
        reasons=[] if eligible else [EligibilityReason.TIME_OUT_OF_PRACTICE],
        updating_days=30 if eligible else None,
        years_out_of_practice=3.5,
        decided_at=datetime.now(UTC),
    )


def _offer(application_id: str, expires_in: timedelta = timedelta(days=7)) -> PlacementOffered:
    """The catalogue's example offer (its council, vacancy, region and specialism), made now."""
    now = datetime.now(UTC)
    return EXAMPLES[PlacementOffered].model_copy(
        update={
            "offer_id": uuid.uuid4(),
            "application_id": uuid.UUID(application_id),
            "programme_id": "rtsw-open",
            "updating_days": 30,
            "starts_on": now.date(),
            "offered_at": now,
            "expires_at": now + expires_in,
        }
    )


async def _status_is(service: Service, application_id: str, token: str, status: str) -> Any:
    return await eventually(
        lambda: service.status(application_id, token),
        until=lambda view: view["status"] == status,
        what=f"status {status}",
    )


async def test_the_status_shows_each_step_of_a_journey_to_hire(service: Service) -> None:
    application_id, token = await _submit(service)
    await service.deliver(_decision(application_id))
    view = await _status_is(service, application_id, token, "eligible")
    assert view["eligibility"]["updating_days"] == 30

    first = _offer(application_id)
    await service.deliver(first)
    await _status_is(service, application_id, token, "offered")
    await service.deliver(
        PlacementOfferExpired(
            offer_id=first.offer_id,
            application_id=first.application_id,
            programme_id="rtsw-open",
            council_id=COUNCIL,
            vacancy_id=VACANCY,
            expired_at=datetime.now(UTC),
        )
    )
    await _status_is(service, application_id, token, "eligible")

    second = _offer(application_id)
    await service.deliver(second)
    await _status_is(service, application_id, token, "offered")
    accepted = await service.client.post(
        f"/applications/{application_id}/offers/{second.offer_id}/accept",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert accepted.json()["status"] == "accepted"

    await service.deliver(
        ReturnerHired(
            application_id=second.application_id,
            programme_id="rtsw-open",
            council_id=COUNCIL,
            vacancy_id=VACANCY,
            offer_id=second.offer_id,
            hired_at=datetime.now(UTC),
        )
    )
    view = await _status_is(service, application_id, token, "hired")
    assert [e["type"] for e in view["timeline"]] == [
        "submitted",
        "eligibility_decided",
        "offered",
        "offer_expired",
        "offered",
        "accepted",
        "hired",
    ]
    assert [o["status"] for o in view["offers"]] == ["expired", "accepted"]

    [record] = await wait_for_records(
        service.kafka,
        service.topic("returners.applications"),
        lambda r: (
            r.key == application_id and r.headers["ce_type"] == "returners.placement.accepted.v1"
        ),
    )
    data = record.json()["data"]
    assert (data["offer_id"], data["council_id"]) == (str(second.offer_id), str(COUNCIL))


async def test_declining_an_offer_publishes_placement_declined(service: Service) -> None:
    application_id, token = await _submit(service)
    await service.deliver(_decision(application_id))
    offer = _offer(application_id)
    await service.deliver(offer)
    await _status_is(service, application_id, token, "offered")

    response = await service.client.post(
        f"/applications/{application_id}/offers/{offer.offer_id}/decline",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.json()["status"] == "eligible"
    again = await service.client.post(
        f"/applications/{application_id}/offers/{offer.offer_id}/accept",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert again.status_code == 409
    await wait_for_records(
        service.kafka,
        service.topic("returners.applications"),
        lambda r: (
            r.key == application_id and r.headers["ce_type"] == "returners.placement.declined.v1"
        ),
    )


async def test_an_offer_past_its_expiry_cannot_be_accepted(service: Service) -> None:
    application_id, token = await _submit(service)
    offer = _offer(application_id, expires_in=timedelta(seconds=-1))
    await service.deliver(offer)
    await _status_is(service, application_id, token, "offered")
    response = await service.client.post(
        f"/applications/{application_id}/offers/{offer.offer_id}/accept",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "offer_expired"


async def test_withdrawing_frees_the_offer_and_publishes_application_withdrawn(
    service: Service,
) -> None:
    application_id, token = await _submit(service)
    offer = _offer(application_id)
    await service.deliver(offer)
    await _status_is(service, application_id, token, "offered")

    response = await service.client.post(
        f"/applications/{application_id}/withdraw", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.json()["status"] == "withdrawn"
    assert response.json()["offers"][0]["status"] == "withdrawn"
    await wait_for_records(
        service.kafka,
        service.topic("returners.applications"),
        lambda r: (
            r.key == application_id and r.headers["ce_type"] == "returners.application.withdrawn.v1"
        ),
    )
    refused = await service.client.post(
        f"/applications/{application_id}/offers/{offer.offer_id}/accept",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert refused.status_code == 409


async def test_a_hired_returner_cannot_withdraw(service: Service) -> None:
    application_id, token = await _submit(service)
    offer = _offer(application_id)
    await service.deliver(offer)
    await service.deliver(
        ReturnerHired(
            application_id=offer.application_id,
            programme_id="rtsw-open",
            council_id=COUNCIL,
            vacancy_id=VACANCY,
            offer_id=offer.offer_id,
            hired_at=datetime.now(UTC),
        )
    )
    await _status_is(service, application_id, token, "hired")
    response = await service.client.post(
        f"/applications/{application_id}/withdraw", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 409

"""A wrong or missing token can neither read, change nor detect another application."""

import uuid

import pytest

from returners_cli.testing.submissions import submission_body

from .conftest import Service

pytestmark = pytest.mark.integration


async def _submit(service: Service) -> tuple[str, str]:
    response = await service.client.post("/applications", json=submission_body())
    return response.json()["application_id"], response.json()["access_token"]


ENDPOINTS = [
    ("GET", "/applications/{id}"),
    ("POST", "/applications/{id}/withdraw"),
    ("POST", "/applications/{id}/offers/{offer}/accept"),
    ("POST", "/applications/{id}/offers/{offer}/decline"),
    ("DELETE", "/applications/{id}/personal-data"),
]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
async def test_another_applicants_token_gets_the_same_404_as_a_missing_application(
    service: Service, method: str, path: str
) -> None:
    victim, _ = await _submit(service)
    _, attacker_token = await _submit(service)
    headers = {"Authorization": f"Bearer {attacker_token}"}
    offer = uuid.uuid4()

    on_victim = await service.client.request(
        method, path.format(id=victim, offer=offer), headers=headers
    )
    on_nothing = await service.client.request(
        method, path.format(id=uuid.uuid4(), offer=offer), headers=headers
    )
    assert on_victim.status_code == on_nothing.status_code == 404
    assert on_victim.json() == on_nothing.json()


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
@pytest.mark.parametrize("authorization", [None, "Bearer ", "Basic abc", "Bearer rta_forged"])
async def test_no_or_a_bad_token_cannot_act(
    service: Service, method: str, path: str, authorization: str | None
) -> None:
    victim, token = await _submit(service)
    headers = {"Authorization": authorization} if authorization else {}
    response = await service.client.request(
        method, path.format(id=victim, offer=uuid.uuid4()), headers=headers
    )
    assert response.status_code in (401, 404)
    still = await service.status(victim, token)
    assert still["status"] == "submitted"
    assert not still["personal_data_erased"]


async def test_the_internal_contact_endpoint_needs_the_internal_token(service: Service) -> None:
    application_id, token = await _submit(service)
    for credential in (None, token, "internal-token-guess"):
        headers = {"Authorization": f"Bearer {credential}"} if credential else {}
        response = await service.client.get(
            f"/internal/applications/{application_id}/contact", headers=headers
        )
        assert response.status_code == 401

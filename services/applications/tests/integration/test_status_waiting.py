"""The status read as a conditional request: its ETag, 304 when unchanged, and a request
that waits (``Prefer: wait``) answered as soon as the decision is recorded."""

import asyncio
import uuid

import pytest

from returners_cli.testing.polling import eventually

from .conftest import Service
from .test_lifecycle import _decision, _submit

pytestmark = pytest.mark.integration


def _headers(token: str, **more: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **more}


async def test_a_status_read_names_its_view_and_answers_304_when_it_is_unchanged(
    service: Service,
) -> None:
    application_id, token = await _submit(service)
    url = f"/applications/{application_id}"
    first = await service.client.get(url, headers=_headers(token))
    etag = first.headers["ETag"]

    again = await service.client.get(url, headers=_headers(token, **{"If-None-Match": etag}))
    stale = await service.client.get(url, headers=_headers(token, **{"If-None-Match": '"old"'}))

    assert (again.status_code, again.headers["ETag"], again.content) == (304, etag, b"")
    assert (stale.status_code, stale.headers["ETag"]) == (200, etag)
    assert stale.json() == first.json()


async def test_a_waiting_status_read_is_answered_when_the_decision_is_recorded(
    service: Service,
) -> None:
    """The wait asked for (60 s) is far longer than the test allows (20 s): only the
    notification of the stored status can answer it in time."""
    application_id, token = await _submit(service)
    url = f"/applications/{application_id}"
    etag = (await service.client.get(url, headers=_headers(token))).headers["ETag"]
    waiting = asyncio.ensure_future(
        service.client.get(
            url, headers=_headers(token, **{"If-None-Match": etag, "Prefer": "wait=60"})
        )
    )
    changes = service.app.state.status_changes
    await eventually(  # the request waits before the decision arrives
        lambda: changes.waiting(uuid.UUID(application_id)),
        until=lambda waiting_requests: waiting_requests == 1,
        what="the status read waiting",
    )

    await service.deliver(_decision(application_id))

    async with asyncio.timeout(20):
        answer = await waiting
    assert answer.status_code == 200
    assert answer.headers["Preference-Applied"] == "wait=30"  # at most 30 s
    assert answer.json()["status"] == "eligible"
    assert answer.headers["ETag"] != etag


async def test_a_waiting_status_read_of_an_unchanged_view_answers_304_when_its_wait_ends(
    service: Service,
) -> None:
    application_id, token = await _submit(service)
    url = f"/applications/{application_id}"
    etag = (await service.client.get(url, headers=_headers(token))).headers["ETag"]

    answer = await service.client.get(
        url, headers=_headers(token, **{"If-None-Match": etag, "Prefer": "wait=1"})
    )

    assert (answer.status_code, answer.headers["Preference-Applied"]) == (304, "wait=1")


async def test_a_waiting_status_read_with_the_wrong_token_is_refused_at_once(
    service: Service,
) -> None:
    application_id, _ = await _submit(service)

    answer = await service.client.get(
        f"/applications/{application_id}",
        headers=_headers("not-its-token", **{"If-None-Match": "*", "Prefer": "wait=30"}),
    )

    assert answer.status_code == 404

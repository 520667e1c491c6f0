"""A 2xx means saved: every write commits before its answer leaves the service.

Through the services as real uvicorn processes (an in-process ASGI transport waits for the
whole app, so it cannot tell an answer sent before the commit from one sent after). A
deferred constraint trigger lets every statement of the request succeed and fails the
COMMIT itself: the client must get a 5xx, never a 2xx, and nothing may be saved or published.
"""

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
import pytest

from returners_cli.testing.cluster import ProcessCluster
from returners_cli.testing.commit_faults import refused_at_commit
from returners_cli.testing.databases import query
from returners_cli.testing.kafka import read_topic, wait_for_records
from returners_cli.testing.submissions import submission_body
from returners_platform.contracts.topics import APPLICATIONS, COUNCILS

from .helpers import database_url, ops

pytestmark = pytest.mark.integration

Send = Callable[[httpx.AsyncClient, ProcessCluster, str, str], Awaitable[httpx.Response]]


@dataclass(frozen=True)
class Write:
    """A write of one service and the column its rows can be told apart by."""

    table: str
    column: str
    send: Send  # (http, cluster, programme, mark) -> the answer


async def _submit(
    http: httpx.AsyncClient, cluster: ProcessCluster, programme: str, mark: str
) -> httpx.Response:
    return await http.post(
        f"{cluster['applications'].url}/applications",
        json=submission_body(programme, contact={"email": f"{mark}@example.org"}),
    )


async def _register_council(
    http: httpx.AsyncClient, cluster: ProcessCluster, _: str, mark: str
) -> httpx.Response:
    return await http.post(
        f"{cluster['matching'].url}/admin/councils", json={"name": mark}, headers=ops(cluster)
    )


async def _subscribe(
    http: httpx.AsyncClient, cluster: ProcessCluster, _: str, mark: str
) -> httpx.Response:
    council = (await _register_council(http, cluster, _, f"Council {uuid.uuid4().hex}")).json()
    return await http.post(
        f"{cluster['notifications'].url}/councils/{council['council_id']}/subscriptions",
        json={"url": f"http://127.0.0.1:9/{mark}", "event_types": ["placement.offered"]},
        headers={"Authorization": f"Bearer {council['api_key']}"},
    )


WRITES = {
    "applications": Write("applicant_contacts", "email", _submit),
    "matching": Write("councils", "name", _register_council),
    "notifications": Write("subscriptions", "url", _subscribe),
}


@pytest.mark.parametrize("service", list(WRITES))
async def test_a_commit_that_fails_is_a_5xx_and_saves_nothing(
    cluster: ProcessCluster, programme: str, service: str
) -> None:
    write = WRITES[service]
    dsn = database_url(cluster, service)
    mark = f"refused-at-commit-{uuid.uuid4().hex[:12]}"
    async with httpx.AsyncClient(timeout=30) as http:
        async with refused_at_commit(dsn, write.table, f"NEW.{write.column} LIKE '%{mark}%'"):
            answer = await write.send(http, cluster, programme, mark)
        assert answer.status_code >= 500, f"{answer.status_code}: {answer.text}"
        assert answer.headers["content-type"] == "application/problem+json"
        saved = await query(
            dsn, f"SELECT 1 FROM {write.table} WHERE {write.column} LIKE '%' || $1 || '%'", mark
        )
        assert saved == []
        again = await write.send(http, cluster, programme, mark)  # the fault is gone
        assert again.status_code == 201, again.text


async def test_a_submission_whose_commit_fails_is_never_published(
    cluster: ProcessCluster, programme: str
) -> None:
    """The event of a refused submission never reaches Kafka; the next one does."""
    topic = APPLICATIONS.qualified(cluster.topic_prefix)
    dsn = database_url(cluster, "applications")
    mark = f"refused-at-commit-{uuid.uuid4().hex[:12]}"
    before = {r.key for r in await read_topic(cluster.kafka, topic)}
    async with httpx.AsyncClient(timeout=30) as http:
        async with refused_at_commit(dsn, "applicant_contacts", f"NEW.email LIKE '{mark}%'"):
            refused = [await _submit(http, cluster, programme, f"{mark}-{n}") for n in range(3)]
        control = await _submit(http, cluster, programme, "control")
    assert [r.status_code >= 500 for r in refused] == [True, True, True]
    assert control.status_code == 201, control.text
    control_id = control.json()["application_id"]
    await wait_for_records(cluster.kafka, topic, lambda r: r.key == control_id, timeout=30)
    new = [
        r
        for r in await read_topic(cluster.kafka, topic)
        if r.key not in before and r.json()["data"]["programme_id"] == programme
    ]
    assert [r.key for r in new] == [control_id]


async def test_a_council_whose_commit_fails_is_never_announced(cluster: ProcessCluster) -> None:
    topic = COUNCILS.qualified(cluster.topic_prefix)
    dsn = database_url(cluster, "matching")
    refused_name = f"refused-at-commit-{uuid.uuid4().hex[:12]}"
    async with httpx.AsyncClient(timeout=30) as http:
        async with refused_at_commit(dsn, "councils", f"NEW.name = '{refused_name}'"):
            refused = await _register_council(http, cluster, "", refused_name)
        control = await _register_council(http, cluster, "", f"control-{uuid.uuid4().hex}")
    assert refused.status_code >= 500, refused.text
    assert control.status_code == 201, control.text
    await wait_for_records(
        cluster.kafka, topic, lambda r: r.key == control.json()["council_id"], timeout=30
    )
    names = [r.json()["data"].get("name") for r in await read_topic(cluster.kafka, topic)]
    assert refused_name not in names

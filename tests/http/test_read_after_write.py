"""A client that reads straight after a write sees it: 200 submissions, each read back the
moment its 201 arrives, through the service as a real uvicorn process.

Each commit is made slow (50 ms at COMMIT, by a deferred trigger), so that an answer sent
before its commit had finished would be caught by the read that follows it.
"""

import asyncio
import uuid

import httpx
import pytest

from returners_cli.testing.cluster import ProcessCluster
from returners_cli.testing.commit_faults import slow_commit
from returners_cli.testing.submissions import submission_body

from .helpers import database_url

pytestmark = pytest.mark.integration

SUBMISSIONS = 200
CLIENTS = 10


async def test_every_submission_reads_back_the_moment_it_is_answered(
    cluster: ProcessCluster, programme: str
) -> None:
    url = cluster["applications"].url
    misses: list[str] = []

    async def applicant(http: httpx.AsyncClient) -> None:
        for _ in range(SUBMISSIONS // CLIENTS):
            email = f"slow-commit-{uuid.uuid4().hex}@example.org"
            body = submission_body(programme, contact={"email": email})
            created = await http.post(f"{url}/applications", json=body)
            assert created.status_code == 201, created.text
            answer = created.json()
            read = await http.get(
                f"{url}/applications/{answer['application_id']}",
                headers={"Authorization": f"Bearer {answer['access_token']}"},
            )
            if read.status_code != 200:
                misses.append(f"{answer['application_id']}: {read.status_code}")

    dsn = database_url(cluster, "applications")
    slow = "NEW.email LIKE 'slow-commit-%'"
    async with slow_commit(dsn, "applicant_contacts", slow, 0.05), httpx.AsyncClient() as http:
        await asyncio.gather(*(applicant(http) for _ in range(CLIENTS)))
    assert misses == [], f"{len(misses)} of {SUBMISSIONS} not found straight after their 201"

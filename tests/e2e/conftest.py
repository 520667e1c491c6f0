"""The applications and matching services running together in-process, each with its own
database, on one broker and one topic prefix (so they talk only through Kafka)."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

import applications.bootstrap
import applications.config
import matching.bootstrap
import matching.config
from returners_cli.http_auth import bearer
from returners_cli.testing.fixtures import fresh_database
from returners_cli.testing.polling import eventually
from returners_cli.testing.services import running, settings_for_test
from returners_platform.clock import ShiftableClock

OPS_TOKEN = "ops-token-for-e2e"
SHARED = {"operations_token": SecretStr(OPS_TOKEN)}
COUNCIL_KEY_SECRET = SecretStr("council-key-secret-for-e2e")


Council = tuple[str, str]  # (council_id, api_key)


@dataclass
class Platform:
    applications: httpx.AsyncClient
    matching: httpx.AsyncClient
    matching_clock: ShiftableClock
    ops: dict[str, str]

    async def status(self, application_id: str, token: str) -> dict[str, Any]:
        """The applicant's status and timeline, from the applications service."""
        response = await self.applications.get(
            f"/applications/{application_id}", headers=bearer(token)
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    async def register_council(self, name: str) -> Council:
        response = await self.matching.post(
            "/admin/councils", json={"name": name}, headers=self.ops
        )
        assert response.status_code == 201, response.text
        return response.json()["council_id"], response.json()["api_key"]

    async def council_offers(self, council: Council) -> list[dict[str, Any]]:
        response = await self.matching.get(
            f"/councils/{council[0]}/offers", headers=bearer(council[1])
        )
        assert response.status_code == 200, response.text
        return list(response.json())

    async def hire(self, council: Council, application_id: str) -> httpx.Response:
        return await self.matching.post(
            f"/councils/{council[0]}/hires",
            json={"application_id": application_id},
            headers=bearer(council[1]),
        )


@pytest.fixture
async def second_database(postgres_admin_dsn: str) -> AsyncIterator[str]:
    """Another fresh database for the same test (``database`` is the first)."""
    async with fresh_database(postgres_admin_dsn, prefix="m") as dsn:
        yield dsn


@pytest.fixture
async def platform(
    database: str, second_database: str, kafka_bootstrap: str, topic_prefix: str
) -> AsyncIterator[Platform]:
    def common(url: str) -> dict[str, Any]:
        return {
            **settings_for_test(
                database_url=url, kafka_bootstrap=kafka_bootstrap, topic_prefix=topic_prefix
            ),
            **SHARED,
        }

    clock = ShiftableClock()
    applications_app = applications.bootstrap.create_app(
        applications.config.Settings(**common(database), submissions_per_minute=0)
    )
    matching_app = matching.bootstrap.create_app(
        matching.config.Settings(
            **common(second_database),
            council_key_secret=COUNCIL_KEY_SECRET,
            offer_expiry_interval_seconds=0.2,
        ),
        clock=clock,
    )
    async with running(applications_app) as apps, running(matching_app) as match:
        for client in (apps, match):
            await _ready(client)
        yield Platform(apps, match, clock, {"Authorization": f"Bearer {OPS_TOKEN}"})


async def _ready(client: httpx.AsyncClient) -> None:
    await eventually(
        lambda: client.get("/readyz"),
        until=lambda r: r.status_code == 200,
        timeout=60,
        what="ready",
    )

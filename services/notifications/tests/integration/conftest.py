"""The notifications service running in-process against real Kafka and Postgres."""

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
import pytest
from pydantic import SecretStr

from notifications.bootstrap import create_app
from notifications.config import Settings
from notifications.delivery.resolver import Resolver, resolve
from returners_cli.testing.databases import query
from returners_cli.testing.kafka import publish_event
from returners_cli.testing.polling import eventually
from returners_cli.testing.services import running, settings_for_test
from returners_platform.contracts.envelope import CloudEvent, EventData
from returners_platform.service.auth import issue_council_key

OPS_TOKEN = "ops-token-for-tests"
COUNCIL_KEY_SECRET = SecretStr("council-key-secret-for-tests")
INTERNAL_TOKEN = "internal-token-for-tests"


def make_settings(database: str, kafka: str, prefix: str, **overrides: Any) -> Settings:
    """Fast retries, quick polling, and (unless overridden) plain HTTP to localhost allowed."""
    values: dict[str, Any] = {
        **settings_for_test(database_url=database, kafka_bootstrap=kafka, topic_prefix=prefix),
        "operations_token": SecretStr(OPS_TOKEN),
        "council_key_secret": COUNCIL_KEY_SECRET,
        "applications_internal_token": SecretStr(INTERNAL_TOKEN),
        "allow_http_targets": True,
        "allow_private_targets": True,
        "delivery_max_attempts": 5,
        "delivery_backoff_initial_seconds": 0.05,
        "delivery_backoff_max_seconds": 0.3,
        "delivery_poll_interval_seconds": 0.05,
        "delivery_gauges_interval_seconds": 0.2,
        "webhook_timeout_seconds": 5.0,
    }
    values.update(overrides)
    return Settings(**values)


def council_headers(council_id: uuid.UUID) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_council_key(council_id, COUNCIL_KEY_SECRET)}"}


OPS_HEADERS = {"Authorization": f"Bearer {OPS_TOKEN}"}


@dataclass
class Service:
    client: httpx.AsyncClient
    settings: Settings

    @property
    def kafka(self) -> str:
        return self.settings.kafka_bootstrap_servers

    def topic(self, name: str) -> str:
        return f"{self.settings.kafka_topic_prefix}{name}"

    async def deliver(
        self, data: EventData, source: str = "/returners/matching"
    ) -> CloudEvent[Any]:
        """Publish an event as its owning service would, onto the real topic."""
        prefix = self.settings.kafka_topic_prefix
        return await publish_event(self.kafka, prefix, data, source=source)

    async def subscribe(
        self, council_id: uuid.UUID, url: str, event_types: list[str]
    ) -> dict[str, Any]:
        response = await self.client.post(
            f"/councils/{council_id}/subscriptions",
            json={"url": url, "event_types": event_types},
            headers=council_headers(council_id),
        )
        assert response.status_code == 201, response.text
        return dict(response.json())

    async def deliveries(self, council_id: uuid.UUID, **params: str) -> list[dict[str, Any]]:
        response = await self.client.get(
            f"/councils/{council_id}/deliveries", params=params, headers=council_headers(council_id)
        )
        assert response.status_code == 200, response.text
        return list(response.json())

    async def delivery(self, council_id: uuid.UUID, delivery_id: str) -> dict[str, Any]:
        response = await self.client.get(
            f"/councils/{council_id}/deliveries/{delivery_id}", headers=council_headers(council_id)
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    async def wait_for_deliveries(
        self, council_id: uuid.UUID, count: int, status: str = "delivered", timeout: float = 60
    ) -> list[dict[str, Any]]:
        return await eventually(
            lambda: self.deliveries(council_id, status=status),
            until=lambda found: len(found) >= count,
            timeout=timeout,
            what=f"{count} {status} deliveries for council {council_id}",
        )

    async def rows(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        return await query(self.settings.database_url, sql, *args)


@asynccontextmanager
async def started(settings: Settings, resolver: Resolver = resolve) -> AsyncIterator[Service]:
    """The service running until the block ends (then stopped, as a process would be)."""
    async with running(create_app(settings, resolver=resolver)) as client:
        await eventually(
            lambda: client.get("/readyz"),
            until=lambda r: r.status_code == 200,
            what="ready",
            timeout=60,
        )
        yield Service(client, settings)


@pytest.fixture
def settings(database: str, kafka_bootstrap: str, topic_prefix: str) -> Settings:
    return make_settings(database, kafka_bootstrap, topic_prefix)


@pytest.fixture
async def service(settings: Settings) -> AsyncIterator[Service]:
    async with started(settings) as svc:
        yield svc

"""The applications service running in-process against real Kafka and Postgres."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from applications.bootstrap import create_app
from applications.config import Settings
from returners_cli.testing.databases import query
from returners_cli.testing.kafka import publish_event
from returners_cli.testing.polling import eventually
from returners_cli.testing.services import running, settings_for_test
from returners_platform.contracts.envelope import EventData

from ..conftest import open_programme

OPS_TOKEN = "ops-token-for-tests"
INTERNAL_TOKEN = "internal-token-for-tests"


@dataclass
class Service:
    client: httpx.AsyncClient
    settings: Settings
    kafka: str
    prefix: str
    app: FastAPI

    def topic(self, name: str) -> str:
        return f"{self.prefix}{name}"

    async def deliver(self, data: EventData, source: str = "/returners/matching") -> str:
        """Publish an event as its owning service would, onto the real topic."""
        return (await publish_event(self.kafka, self.prefix, data, source=source)).id

    async def status(self, application_id: str, token: str) -> dict[str, Any]:
        response = await self.client.get(
            f"/applications/{application_id}", headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 200, response.text
        return dict(response.json())


def make_settings(database: str, kafka: str, prefix: str, **overrides: Any) -> Settings:
    return Settings(
        **settings_for_test(database_url=database, kafka_bootstrap=kafka, topic_prefix=prefix),
        operations_token=SecretStr(OPS_TOKEN),
        internal_token=SecretStr(INTERNAL_TOKEN),
        **overrides,
    )


@pytest.fixture
async def service(database: str, kafka_bootstrap: str, topic_prefix: str) -> AsyncIterator[Service]:
    """A running service that already knows an open programme, ``rtsw-open``."""
    settings = make_settings(database, kafka_bootstrap, topic_prefix)
    app = create_app(settings)
    async with running(app) as client:
        svc = Service(client, settings, kafka_bootstrap, topic_prefix, app)
        await svc.deliver(open_programme())
        await eventually(
            lambda: client.get("/readyz"), until=lambda r: r.status_code == 200, what="ready"
        )
        await wait_for_programme(svc, "rtsw-open")
        yield svc


async def wait_for_programme(svc: Service, programme_id: str) -> None:
    """Submitting to a programme works once its programme.published has been consumed."""

    async def known() -> bool:
        sql = "SELECT true FROM programmes WHERE programme_id = $1"
        return bool(await query(svc.settings.database_url, sql, programme_id))

    await eventually(known, what=f"programme {programme_id} consumed")

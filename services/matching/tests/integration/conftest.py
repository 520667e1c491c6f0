"""The matching service running in-process against real Kafka and Postgres, with a clock
the tests move forward."""

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import asyncpg
import httpx
import pytest
from pydantic import SecretStr

from matching.bootstrap import create_app
from matching.config import Settings
from returners_cli.http_auth import bearer
from returners_cli.testing.databases import query
from returners_cli.testing.kafka import publish_event, read_topic, wait_for_events
from returners_cli.testing.polling import eventually
from returners_cli.testing.services import running, settings_for_test
from returners_platform.clock import ShiftableClock
from returners_platform.contracts.envelope import EventData

from ..conftest import open_programme, submitted

OPS_TOKEN = "ops-token-for-tests"
COUNCIL_KEY_SECRET = "council-key-secret-for-tests"
OPS = {"Authorization": f"Bearer {OPS_TOKEN}"}


@dataclass
class Matching:
    client: httpx.AsyncClient
    settings: Settings
    clock: ShiftableClock
    kafka: str
    prefix: str

    def topic(self, name: str) -> str:
        return f"{self.prefix}{name}"

    async def deliver(self, data: EventData) -> str:
        """Publish an event as the applications service would, onto the real topic."""
        event = await publish_event(self.kafka, self.prefix, data, source="/returners/applications")
        return event.id

    async def submit(self, programme_id: str = "rtsw-open", **fields: Any) -> UUID:
        """Deliver an application.submitted (eligible for rtsw-open unless overridden)."""
        fields.setdefault("submitted_at", datetime.now(UTC))
        fields.setdefault("last_practised", date(2022, 1, 1))  # 5.3 years out at 2027-05-04
        data = submitted(programme_id=programme_id, **fields)
        await self.deliver(data)
        return data.application_id

    async def register_council(self, name: str) -> tuple[str, str]:
        response = await self.client.post("/admin/councils", json={"name": name}, headers=OPS)
        assert response.status_code == 201, response.text
        return response.json()["council_id"], response.json()["api_key"]

    async def post_vacancy(self, council_id: str, key: str, **fields: Any) -> dict[str, Any]:
        body = {
            "programme_id": "rtsw-open",
            "region": "South East",
            "specialism": "children",
            "slots": 1,
            "starts_on": "2027-05-04",
            **fields,
        }
        response = await self.client.post(
            f"/councils/{council_id}/vacancies", json=body, headers=bearer(key)
        )
        assert response.status_code == 201, response.text
        return dict(response.json())

    async def events(
        self, event_type: str, match: Callable[[dict[str, Any]], bool] = bool, count: int = 1
    ) -> list[dict[str, Any]]:
        """The data of ``count`` (or more) events of the type that match, once published."""
        return await wait_for_events(self.kafka, self.prefix, event_type, match, count=count)

    async def all_events(self, topic: str) -> list[dict[str, Any]]:
        return [r.json() for r in await read_topic(self.kafka, self.topic(topic))]

    async def fetch(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        return await query(self.settings.database_url, sql, *args)


def make_settings(database: str, kafka: str, prefix: str, **overrides: Any) -> Settings:
    return Settings(
        **settings_for_test(database_url=database, kafka_bootstrap=kafka, topic_prefix=prefix),
        operations_token=SecretStr(OPS_TOKEN),
        council_key_secret=SecretStr(COUNCIL_KEY_SECRET),
        offer_expiry_interval_seconds=0.2,
        **overrides,
    )


@pytest.fixture
async def matching(
    database: str, kafka_bootstrap: str, topic_prefix: str
) -> AsyncIterator[Matching]:
    """A running matching service with an open programme, ``rtsw-open``."""
    settings = make_settings(database, kafka_bootstrap, topic_prefix)
    clock = ShiftableClock()
    async with running(create_app(settings, clock=clock)) as client:
        service = Matching(client, settings, clock, kafka_bootstrap, topic_prefix)
        await eventually(
            lambda: client.get("/readyz"), until=lambda r: r.status_code == 200, what="ready"
        )
        response = await client.post("/admin/programmes", json=open_programme(), headers=OPS)
        assert response.status_code == 201, response.text
        yield service


@dataclass
class Council:
    """A registered council, seen through its own key."""

    matching: Matching
    council_id: str
    key: str

    async def post_vacancy(self, **fields: Any) -> dict[str, Any]:
        return await self.matching.post_vacancy(self.council_id, self.key, **fields)

    async def offers(self) -> list[dict[str, Any]]:
        response = await self.matching.client.get(
            f"/councils/{self.council_id}/offers", headers=bearer(self.key)
        )
        assert response.status_code == 200, response.text
        return list(response.json())

    async def offers_until(
        self, condition: Callable[[list[dict[str, Any]]], bool], what: str
    ) -> list[dict[str, Any]]:
        return await eventually(self.offers, until=condition, timeout=60, what=what)

    async def hire(self, application_id: UUID | str) -> httpx.Response:
        return await self.matching.client.post(
            f"/councils/{self.council_id}/hires",
            json={"application_id": str(application_id)},
            headers=bearer(self.key),
        )


async def council(matching: Matching, name: str) -> Council:
    council_id, key = await matching.register_council(name)
    return Council(matching, council_id, key)


async def decided(matching: Matching, *application_ids: UUID) -> None:
    """Wait until every one of these applications has its eligibility decision."""
    wanted = {str(a) for a in application_ids}
    await matching.events(
        "eligibility.decided", lambda d: d["application_id"] in wanted, count=len(wanted)
    )


async def logged_through_commit(statements: list[str]) -> None:
    """Wait, with a deadline, until a query logger that appends to ``statements`` has been
    called for the transaction's ``COMMIT``: asyncpg calls query loggers soon after each
    statement (``loop.call_soon``), not at once."""
    await eventually(
        lambda: statements,
        until=lambda sent: any(s.strip().rstrip(";").upper() == "COMMIT" for s in sent),
        timeout=10,
        interval=0.001,
        what="the COMMIT logged",
    )

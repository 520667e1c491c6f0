"""The training service running in-process against real Kafka and Postgres; offers and their
acceptance delivered onto the real topics as matching and applications publish them."""

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from pydantic import SecretStr

from returners_cli.http_auth import bearer
from returners_cli.testing.kafka import publish_event, wait_for_events
from returners_cli.testing.polling import eventually
from returners_cli.testing.services import running, settings_for_test
from returners_platform.contracts.envelope import EventData
from returners_platform.contracts.events import (
    PlacementAccepted,
    PlacementOffered,
    ReregistrationReported,
)
from returners_platform.contracts.examples import EXAMPLES
from returners_platform.contracts.vocabulary import PlacementCondition, ReregistrationDecision
from returners_platform.service.auth import issue_council_key
from training.bootstrap import create_app
from training.config import Settings

OPS_TOKEN = "ops-token-for-training-tests"
INTERNAL_TOKEN = "internal-token-for-training-tests"
COUNCIL_KEY_SECRET = "council-key-secret-for-training-tests"
OPS = {"Authorization": f"Bearer {OPS_TOKEN}"}
INTERNAL = {"Authorization": f"Bearer {INTERNAL_TOKEN}"}
TODAY = datetime.now(UTC).date()
STARTS_ON = TODAY - timedelta(days=120)


@dataclass
class Placed:
    application_id: UUID
    offer_id: UUID
    council_id: UUID
    key: dict[str, str]
    programme_id: str

    @property
    def path(self) -> str:
        return f"/councils/{self.council_id}/placements/{self.application_id}"


@dataclass
class Training:
    client: httpx.AsyncClient
    kafka: str
    prefix: str

    async def deliver(self, data: EventData, source: str) -> None:
        await publish_event(self.kafka, self.prefix, data, source=source)

    def council(self) -> tuple[UUID, dict[str, str]]:
        council_id = uuid4()
        return council_id, bearer(issue_council_key(council_id, SecretStr(COUNCIL_KEY_SECRET)))

    async def accepted_offer(
        self,
        *,
        updating_days: int = 30,
        council: tuple[UUID, dict[str, str]] | None = None,
        accepted_first: bool = False,
        programme_id: str = "rtsw-2020",
        application_id: UUID | None = None,
    ) -> Placed:
        """An offer made and accepted; returns once the placement is open."""
        council_id, key = council or self.council()
        offered = EXAMPLES[PlacementOffered].model_copy(
            update={
                "offer_id": uuid4(),
                "application_id": application_id or uuid4(),
                "council_id": council_id,
                "programme_id": programme_id,
                "updating_days": updating_days,
                "starts_on": STARTS_ON,
            }
        )
        assert isinstance(offered, PlacementOffered)
        accepted = EXAMPLES[PlacementAccepted].model_copy(
            update={
                "offer_id": offered.offer_id,
                "application_id": offered.application_id,
                "council_id": council_id,
                "programme_id": programme_id,
            }
        )
        first, second = (accepted, offered) if accepted_first else (offered, accepted)
        for data in (first, second):
            source = "/returners/applications" if data is accepted else "/returners/matching"
            await self.deliver(data, source)
        placed = Placed(offered.application_id, offered.offer_id, council_id, key, programme_id)
        await eventually(
            lambda: self.client.get(placed.path, headers=key),
            until=lambda r: r.status_code == 200,
            what="the placement opened",
        )
        return placed

    async def started(self, placed: Placed) -> None:
        for condition in PlacementCondition:
            response = await self.client.put(
                f"{placed.path}/conditions/{condition}", json={"status": "met"}, headers=placed.key
            )
            assert response.status_code == 200, response.text
        response = await self.client.post(
            f"{placed.path}/start", json={"starts_on": STARTS_ON.isoformat()}, headers=placed.key
        )
        assert response.status_code == 200, response.text

    async def completed(self, placed: Placed, *, note: str | None = None) -> None:
        """Started, its requirement logged from a file (a day of placement a day; with
        ``note``, one hour of coaching noted so before), and ended with no body (today,
        signed off by the council); returns once it is completed."""
        await self.started(placed)
        if note is not None:
            noted = await self.log(placed, STARTS_ON, 1, kind="coaching", note=note)
            assert noted.status_code == 201, noted.text
        days = (await self.client.get(placed.path, headers=placed.key)).json()["updating_days"]
        rows = "".join(
            f"{placed.application_id},{STARTS_ON + timedelta(days=n)},7,placement\n"
            for n in range(days)
        )
        logged = await self.client.post(
            f"/councils/{placed.council_id}/hours",
            content="application_id,on,hours,kind\n" + rows,
            headers={**placed.key, "content-type": "text/csv"},
        )
        assert logged.json()["accepted"] == days, logged.text
        ended = await self.client.post(f"{placed.path}/end", headers=placed.key)
        assert ended.status_code == 200, ended.text
        assert ended.json()["status"] == "completed"
        assert ended.json()["ended_on"] == TODAY.isoformat()

    async def report_reregistration(
        self, placed: Placed, decision: str, applied_on: date, decided_on: date | None
    ) -> None:
        """The returner's report, as the applications service publishes it."""
        report = EXAMPLES[ReregistrationReported].model_copy(
            update={
                "application_id": placed.application_id,
                "programme_id": placed.programme_id,
                "applied_on": applied_on,
                "decision": ReregistrationDecision(decision),
                "decided_on": decided_on,
            }
        )
        await self.deliver(report, "/returners/applications")

    async def log(
        self, placed: Placed, on: date, hours: float, kind: str = "placement", **more: Any
    ) -> httpx.Response:
        return await self.client.post(
            f"{placed.path}/hours",
            json={"on": on.isoformat(), "hours": hours, "kind": kind, **more},
            headers=placed.key,
        )

    async def events(
        self, event_type: str, match: Callable[[dict[str, Any]], bool] = bool, count: int = 1
    ) -> list[dict[str, Any]]:
        return await wait_for_events(self.kafka, self.prefix, event_type, match, count=count)


@pytest.fixture
async def training(
    database: str, kafka_bootstrap: str, topic_prefix: str
) -> AsyncIterator[Training]:
    settings = Settings(
        **settings_for_test(
            database_url=database, kafka_bootstrap=kafka_bootstrap, topic_prefix=topic_prefix
        ),
        operations_token=SecretStr(OPS_TOKEN),
        internal_token=SecretStr(INTERNAL_TOKEN),
        council_key_secret=SecretStr(COUNCIL_KEY_SECRET),
    )
    async with running(create_app(settings)) as client:
        await eventually(
            lambda: client.get("/readyz"), until=lambda r: r.status_code == 200, what="ready"
        )
        yield Training(client, kafka_bootstrap, topic_prefix)

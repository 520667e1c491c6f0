"""The selection service's database (migrated) and a programme with candidates invited to
interview, put there through the service's own use cases; the service itself, in-process on
real Kafka and Postgres, for the HTTP tests."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import asyncpg
import httpx
import pytest
from pydantic import SecretStr

from returners_cli.testing.services import running, settings_for_test
from returners_platform.contracts.events import ProgrammePublishedV2
from returners_platform.contracts.examples import EXAMPLES
from returners_platform.messaging.unit_of_work import unit_of_work
from returners_platform.service.migrations import upgrade_to_head
from selection.bootstrap import MIGRATIONS, create_app
from selection.config import Settings
from selection.domain.results_file import Row
from selection.use_cases import assessment_results, invitations

OPS_TOKEN = "ops-token-for-selection-tests"
OPS = {"Authorization": f"Bearer {OPS_TOKEN}"}
SOURCE = "/returners/selection"


@dataclass
class Seeded:
    programme_id: str
    candidates: list[UUID]  # invited to interview, in submission order


async def seed(pool: asyncpg.Pool, candidates: int, places: int | None = None) -> Seeded:
    """A programme with selection whose ``candidates`` all passed the assessment (the
    example's places unless ``places`` says)."""
    example = EXAMPLES[ProgrammePublishedV2]
    assert isinstance(example, ProgrammePublishedV2)
    assert example.selection is not None
    now = datetime.now(UTC)
    rules = example.selection.model_copy(
        update={
            "assessment": example.selection.assessment.model_copy(
                update={"closes_at": now + timedelta(days=30)}
            ),
            "results_on": (now + timedelta(days=60)).date(),
        }
    )
    programme = example.model_copy(
        update={
            "programme_id": f"sel-{uuid4().hex[:10]}",
            "selection": rules,
            "places": places or example.places,
        }
    )
    ids = [uuid4() for _ in range(candidates)]
    async with unit_of_work(pool, source=SOURCE) as uow:
        await invitations.record_programme(uow, programme)
        for n, application_id in enumerate(ids):
            submitted = now - timedelta(hours=candidates - n)
            await invitations.record_submission(
                uow, application_id, programme.programme_id, submitted
            )
            await invitations.record_eligible(uow, application_id, programme.programme_id)
        rows = [Row(n + 2, a, 75.0, 1) for n, a in enumerate(ids)]
        recorded = await assessment_results.record_results(uow, programme.programme_id, rows)
        assert recorded.accepted == candidates, recorded.errors
    return Seeded(programme.programme_id, ids)


@pytest.fixture
async def pool(database: str) -> AsyncIterator[asyncpg.Pool]:
    """A pool on the selection service's migrated database (room for 60 transactions)."""
    await upgrade_to_head(MIGRATIONS, database)
    async with asyncpg.create_pool(database, min_size=2, max_size=60) as created:
        yield created


@pytest.fixture
async def selection(
    database: str, kafka_bootstrap: str, topic_prefix: str
) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(
        **settings_for_test(
            database_url=database, kafka_bootstrap=kafka_bootstrap, topic_prefix=topic_prefix
        ),
        operations_token=SecretStr(OPS_TOKEN),
    )
    async with running(create_app(settings)) as client:
        yield client

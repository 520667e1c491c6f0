"""Training's personal data about a returner (the mentor's name, free-text notes on hours)
goes when the programme's period passes, erased once even by two passes at the same time, and
at once on ``applicant.erased``; the hours and dates (the statistics) stay, and an open
placement's data stays until then."""

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from uuid import UUID

import asyncpg
import pytest

from returners_cli.testing.polling import eventually
from returners_platform.contracts.events import ApplicantErased
from returners_platform.contracts.examples import EXAMPLES
from training.loops import retention

from .conftest import OPS, STARTS_ON, Placed, Training

pytestmark = pytest.mark.integration

SOURCE = "/returners/training"
MENTOR = "Morgan Mentor"
NOTE = "Talked through a hard case with the team manager"


@pytest.fixture
async def pool(database: str) -> AsyncIterator[asyncpg.Pool]:
    async with asyncpg.create_pool(database, min_size=1, max_size=4) as opened:
        yield opened


async def _personal_data(pool: asyncpg.Pool, placed: Placed) -> tuple[str | None, list[str]]:
    """The placement's mentor and the notes on its hours, as the database holds them."""
    mentor = await pool.fetchval(
        "SELECT mentor_name FROM placements WHERE application_id = $1", placed.application_id
    )
    notes = await pool.fetch(
        "SELECT h.note FROM hour_entries h JOIN placements p USING (placement_id)"
        " WHERE p.application_id = $1 AND h.note IS NOT NULL",
        placed.application_id,
    )
    return mentor, [n["note"] for n in notes]


async def _hours(pool: asyncpg.Pool, application_id: UUID) -> int:
    return int(
        await pool.fetchval(
            "SELECT count(*) FROM hour_entries h JOIN placements p USING (placement_id)"
            " WHERE p.application_id = $1",
            application_id,
        )
    )


async def _mentored(training: Training, placed: Placed) -> None:
    assigned = await training.client.put(
        f"{placed.path}/mentor", json={"name": MENTOR}, headers=placed.key
    )
    assert assigned.status_code == 200, assigned.text


def days_on(days: int) -> datetime:
    return datetime.now(UTC) + timedelta(days=days)


async def test_a_completed_placements_personal_data_is_erased_once_its_period_has_passed(
    training: Training, pool: asyncpg.Pool
) -> None:
    finished = await training.accepted_offer()
    ongoing = await training.accepted_offer()
    for placed in (finished, ongoing):
        await _mentored(training, placed)
    await training.completed(finished, note=NOTE)
    logged = await _hours(pool, finished.application_id)

    # The participant period is 24 months from completion: 23 months on, nothing is due.
    assert await retention.erase_due(pool, source=SOURCE, clock=lambda: days_on(700)) == 0
    assert await _personal_data(pool, finished) == (MENTOR, [NOTE])

    passes = await asyncio.gather(
        *(retention.erase_due(pool, source=SOURCE, clock=lambda: days_on(740)) for _ in range(2))
    )

    assert sum(passes) == 1
    assert await _personal_data(pool, finished) == (None, [])
    assert await _personal_data(pool, ongoing) == (MENTOR, [])
    assert await _hours(pool, finished.application_id) == logged
    exported = await training.client.get(
        f"/admin/placements/{finished.application_id}/personal-data", headers=OPS
    )
    assert exported.status_code == 200, exported.text
    assert MENTOR not in exported.text
    assert NOTE not in exported.text
    assert (await training.client.get(finished.path, headers=finished.key)).json()[
        "status"
    ] == "completed"


async def test_applicant_erased_erases_an_open_placements_personal_data_at_once(
    training: Training, pool: asyncpg.Pool
) -> None:
    leaving = await training.accepted_offer()
    staying = await training.accepted_offer()
    for placed in (leaving, staying):
        await _mentored(training, placed)
        await training.started(placed)
        noted = await training.log(placed, STARTS_ON, 2, kind="coaching", note=NOTE)
        assert noted.status_code == 201, noted.text

    erased = EXAMPLES[ApplicantErased].model_copy(
        update={"application_id": leaving.application_id, "programme_id": leaving.programme_id}
    )
    await training.deliver(erased, "/returners/applications")

    await eventually(
        lambda: _personal_data(pool, leaving),
        until=lambda held: held == (None, []),
        what="the leaving returner's mentor and notes erased",
    )
    assert await _personal_data(pool, staying) == (MENTOR, [NOTE])
    assert await _hours(pool, leaving.application_id) == 1

"""Selection's retention job: a withdrawn candidate's feedback goes once the programme's
withdrawn period has passed, erased once even by two passes at the same time; feedback
whose date has not come stays."""

import asyncio
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx
import pytest

from returners_cli.http_auth import bearer
from returners_platform.messaging.unit_of_work import unit_of_work
from selection.loops import retention
from selection.use_cases import waitlist

from .conftest import OPS, SOURCE, seed

pytestmark = pytest.mark.integration

SCORES = {"values": 3, "knowledge_and_skills": 3, "reflective_practice": 3, "communication": 3}
FEEDBACK = "Clear and reflective."


async def _feedback(pool: asyncpg.Pool) -> dict[str, str | None]:
    rows = await pool.fetch("SELECT application_id::text AS id, feedback FROM panel_scores")
    return {row["id"]: row["feedback"] for row in rows}


async def test_a_withdrawn_candidates_feedback_is_erased_once_its_period_has_passed(
    selection: httpx.AsyncClient, pool: asyncpg.Pool
) -> None:
    programme = await seed(pool, candidates=2)
    issued = await selection.post(
        "/admin/assessors",
        json={"name": "Panel Member", "programme_id": programme.programme_id},
        headers=OPS,
    )
    assert issued.status_code == 201, issued.text
    for candidate in programme.candidates:
        scored = await selection.post(
            f"/programmes/{programme.programme_id}/interviews/{candidate}/scores",
            json={"scores": SCORES, "feedback": FEEDBACK},
            headers=bearer(issued.json()["api_key"]),
        )
        assert scored.status_code == 201, scored.text
    leaving, staying = programme.candidates
    async with unit_of_work(pool, source=SOURCE) as uow:
        await waitlist.withdrawn(uow, leaving, datetime.now(UTC))

    def months_on(days: int) -> datetime:
        return datetime.now(UTC) + timedelta(days=days)

    assert await retention.erase_due(pool, source=SOURCE, clock=lambda: months_on(150)) == 0
    assert await _feedback(pool) == {str(leaving): FEEDBACK, str(staying): FEEDBACK}

    passes = await asyncio.gather(
        *(retention.erase_due(pool, source=SOURCE, clock=lambda: months_on(190)) for _ in range(2))
    )

    assert sum(passes) == 1
    assert await _feedback(pool) == {str(leaving): None, str(staying): FEEDBACK}
    erased = await pool.fetchval(
        "SELECT erased_at FROM candidates WHERE application_id = $1", leaving
    )
    assert erased is not None

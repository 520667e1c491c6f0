"""Who may see and score whom: a panel member's key reaches its own programme's candidates
only, never one they declared a conflict with; the feedback is for the applications service
alone (internal token)."""

from datetime import UTC, datetime, timedelta

import asyncpg
import httpx
import pytest

from returners_cli.http_auth import bearer

from .conftest import OPS, Seeded, seed

pytestmark = pytest.mark.integration

SCORES = {"values": 3, "knowledge_and_skills": 3, "reflective_practice": 3, "communication": 3}


async def _assessor(selection: httpx.AsyncClient, programme_id: str, name: str) -> dict[str, str]:
    issued = await selection.post(
        "/admin/assessors", json={"name": name, "programme_id": programme_id}, headers=OPS
    )
    assert issued.status_code == 201, issued.text
    return bearer(issued.json()["api_key"])


async def _score(
    selection: httpx.AsyncClient, key: dict[str, str], programme: Seeded, n: int
) -> httpx.Response:
    return await selection.post(
        f"/programmes/{programme.programme_id}/interviews/{programme.candidates[n]}/scores",
        json={"scores": SCORES, "feedback": "Clear and reflective."},
        headers=key,
    )


async def test_a_panel_key_reaches_only_its_own_programmes_unconflicted_candidates(
    selection: httpx.AsyncClient, pool: asyncpg.Pool
) -> None:
    ours, theirs = await seed(pool, candidates=3), await seed(pool, candidates=1)
    member = await _assessor(selection, ours.programme_id, "Panel Member")
    other = await _assessor(selection, theirs.programme_id, "Other Panel")

    listed = await selection.get(f"/programmes/{ours.programme_id}/interviews", headers=member)
    assert {c["application_id"] for c in listed.json()} == {str(c) for c in ours.candidates}

    # Another programme's candidates: not found, whether listing or scoring.
    assert (
        await selection.get(f"/programmes/{theirs.programme_id}/interviews", headers=member)
    ).status_code == 404
    assert (await _score(selection, member, theirs, 0)).status_code == 404
    # A candidate of another programme, asked for under this member's own programme.
    crossed = await selection.post(
        f"/programmes/{ours.programme_id}/interviews/{theirs.candidates[0]}/scores",
        json={"scores": SCORES},
        headers=member,
    )
    assert crossed.status_code == 404
    assert (await _score(selection, other, ours, 0)).status_code == 404

    # A declared conflict hides the candidate from the member and refuses their scores.
    conflict = await selection.post(
        f"/programmes/{ours.programme_id}/interviews/{ours.candidates[1]}/conflict",
        headers=member,
    )
    assert conflict.status_code == 204, conflict.text
    listed = await selection.get(f"/programmes/{ours.programme_id}/interviews", headers=member)
    assert str(ours.candidates[1]) not in {c["application_id"] for c in listed.json()}
    assert (await _score(selection, member, ours, 1)).status_code == 404

    # Scoring once is fine; twice is refused.
    assert (await _score(selection, member, ours, 0)).status_code == 201
    assert (await _score(selection, member, ours, 0)).status_code == 409


async def test_without_a_panel_key_nothing_is_read_or_scored(
    selection: httpx.AsyncClient, pool: asyncpg.Pool
) -> None:
    ours = await seed(pool, candidates=1)
    path = f"/programmes/{ours.programme_id}/interviews"
    assert (await selection.get(path)).status_code == 401
    assert (await selection.get(path, headers=bearer("rts_not-a-real-key"))).status_code == 401
    # The operations token is not a panel member's key either.
    assert (await selection.get(path, headers=OPS)).status_code == 401


async def test_feedback_is_read_with_the_internal_token_only(
    selection: httpx.AsyncClient, pool: asyncpg.Pool
) -> None:
    ours = await seed(pool, candidates=1)
    member = await _assessor(selection, ours.programme_id, "Panel Member")
    assert (await _score(selection, member, ours, 0)).status_code == 201
    path = f"/internal/applications/{ours.candidates[0]}/feedback"
    assert (await selection.get(path)).status_code == 401
    assert (await selection.get(path, headers=member)).status_code == 401
    assert (await selection.get(path, headers=OPS)).status_code == 401


async def test_a_slot_in_the_past_is_refused_naming_the_field(
    selection: httpx.AsyncClient, pool: asyncpg.Pool
) -> None:
    ours = await seed(pool, candidates=1)
    past = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    refused = await selection.post(
        f"/admin/programmes/{ours.programme_id}/interview-slots",
        json={"starts_at": past, "capacity": 3},
        headers=OPS,
    )
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["errors"][0]["field"] == "starts_at"

"""A selected candidate whose accepted offer is withdrawn (a condition not met, from the
training service) gives their place back: the first waitlisted candidate is promoted, once."""

from datetime import UTC, datetime
from uuid import UUID

import asyncpg
import httpx
import pytest

from returners_cli.http_auth import bearer
from returners_cli.testing.kafka import publish_event, wait_for_events
from returners_cli.testing.polling import eventually
from returners_platform.contracts.events import PlacementOfferWithdrawn
from returners_platform.contracts.examples import EXAMPLES

from .conftest import OPS, seed

pytestmark = pytest.mark.integration


def scores(each: int) -> dict[str, int]:
    return dict.fromkeys(
        ("values", "knowledge_and_skills", "reflective_practice", "communication"), each
    )


async def test_conditions_not_met_promote_the_first_waitlisted_candidate_once(
    selection: httpx.AsyncClient,
    pool: asyncpg.Pool,
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    programme = await seed(pool, candidates=3, places=1)
    best, next_best, third = programme.candidates
    for name in ("Panel One", "Panel Two"):
        issued = await selection.post(
            "/admin/assessors",
            json={"name": name, "programme_id": programme.programme_id},
            headers=OPS,
        )
        assert issued.status_code == 201, issued.text
        for candidate, each in ((best, 4), (next_best, 3), (third, 3)):
            scored = await selection.post(
                f"/programmes/{programme.programme_id}/interviews/{candidate}/scores",
                json={"scores": scores(each), "feedback": "Noted."},
                headers=bearer(issued.json()["api_key"]),
            )
            assert scored.status_code == 201, scored.text
    closed = await selection.post(
        f"/admin/programmes/{programme.programme_id}/selection/close", headers=OPS
    )
    assert closed.status_code == 200, closed.text
    outcomes = {UUID(r["application_id"]): r["outcome"] for r in closed.json()}
    assert outcomes == {best: "selected", next_best: "waitlisted", third: "waitlisted"}

    withdrawn = EXAMPLES[PlacementOfferWithdrawn].model_copy(
        update={
            "application_id": best,
            "programme_id": programme.programme_id,
            "withdrawn_at": datetime.now(UTC),
        }
    )
    sent = [
        await publish_event(kafka_bootstrap, topic_prefix, withdrawn, source="/returners/training")
        for _ in range(2)  # the same fact twice, under two event ids
    ]

    [promoted] = await wait_for_events(
        kafka_bootstrap, topic_prefix, "waitlist.promoted", lambda d: d["replaces"] == str(best)
    )
    assert (promoted["application_id"], promoted["rank"]) == (str(next_best), 2)
    await eventually(
        lambda: pool.fetchval(
            "SELECT count(*) FROM processed_events WHERE event_id = ANY($1::text[])",
            [e.id for e in sent],
        ),
        until=lambda n: n == 2,
        what="both deliveries handled",
    )
    # everything selection ever publishes goes through its outbox, relayed or not yet
    promotions = await pool.fetch(
        "SELECT payload FROM outbox WHERE type = 'returners.waitlist.promoted.v1'"
    )
    assert len(promotions) == 1

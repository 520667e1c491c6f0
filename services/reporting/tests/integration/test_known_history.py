"""A known history, with duplicates and out-of-order arrival across topics, through the
faust worker: every figure comes out as worked out by hand (tests/history.py)."""

from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from reporting.bootstrap import create_app
from returners_cli.testing.kafka import produce_raw
from returners_cli.testing.services import running
from returners_platform.contracts.topics import APPLICATIONS

from ..conftest import AUTH, Platform
from ..expected import (
    EXPECTED_BY_BAND,
    EXPECTED_BY_COUNCIL,
    EXPECTED_BY_REGION,
    EXPECTED_BY_SPECIALISM,
    EXPECTED_FUNNEL,
    EXPECTED_SUBMISSIONS_PER_DAY,
    EXPECTED_TIMINGS,
)
from ..history import (
    APPLICATION_EVENTS,
    OTHER_PROGRAMME,
    PLACEMENT_EVENTS,
    PROGRAMME,
    REPEATED_RECORDS,
)
from .reports import by_group

pytestmark = pytest.mark.integration


async def test_decisions_and_offers_before_their_submissions_wait_to_count(
    platform: Platform, worker: Path
) -> None:
    await platform.publish(PLACEMENT_EVENTS, REPEATED_RECORDS["placements"])
    await platform.wait_caught_up()
    conn = await asyncpg.connect(platform.settings.database_url)
    try:
        facts = await conn.fetchval("SELECT count(*) FROM application_facts")
        counted = await conn.fetchval("SELECT count(*) FROM application_outcomes WHERE counted")
    finally:
        await conn.close()
    assert (facts, counted) == (8, 0)  # apps 1-7 and 9 have placement facts; none submitted

    await platform.publish(APPLICATION_EVENTS, REPEATED_RECORDS["applications"])
    await platform.wait_caught_up()
    async with running(create_app(platform.settings)) as client:
        funnel = await _get(client, f"/reports/programmes/{PROGRAMME}/funnel")
    assert funnel == {**EXPECTED_FUNNEL, "places": None}  # programme.published not seen yet


async def test_the_known_history_gives_the_hand_computed_funnel_and_every_breakdown(
    platform: Platform, worker: Path
) -> None:
    await platform.publish_history(placements_first=True)
    await produce_raw(
        platform.kafka,
        APPLICATIONS.qualified(platform.settings.kafka_topic_prefix),
        b"{not json",
        b"poison",
    )
    await platform.wait_caught_up()

    async with running(create_app(platform.settings)) as client:
        base = f"/reports/programmes/{PROGRAMME}"
        assert await _get(client, f"{base}/funnel") == EXPECTED_FUNNEL
        assert by_group(await _get(client, f"{base}/by-region")) == EXPECTED_BY_REGION
        assert by_group(await _get(client, f"{base}/by-specialism")) == EXPECTED_BY_SPECIALISM
        assert by_group(await _get(client, f"{base}/by-band")) == EXPECTED_BY_BAND
        councils = (await _get(client, f"{base}/by-council"))["rows"]
        assert {r.pop("council_id"): r for r in councils} == EXPECTED_BY_COUNCIL
        timings = await _get(client, f"{base}/timings")
        assert {k: timings[k] for k in EXPECTED_TIMINGS} == EXPECTED_TIMINGS
        per_day = await _get(client, f"{base}/submissions-per-day")
        assert per_day["days"] == EXPECTED_SUBMISSIONS_PER_DAY
        programmes = await _get(client, "/reports/programmes")
        assert [(p["programme_id"], p["places"], p["submitted"]) for p in programmes] == [
            (OTHER_PROGRAMME, None, 1),
            (PROGRAMME, 5, 8),
        ]
        other = await _get(client, f"/reports/programmes/{OTHER_PROGRAMME}/funnel")
        assert (other["submitted"], other["places"]) == (1, None)


async def test_an_undecodable_record_is_dead_lettered_and_changes_no_figure(
    platform: Platform, worker: Path
) -> None:
    await platform.publish(APPLICATION_EVENTS[:2])
    prefix = platform.settings.kafka_topic_prefix
    await produce_raw(platform.kafka, APPLICATIONS.qualified(prefix), b"{not json", b"poison")
    await platform.wait_caught_up()
    from returners_cli.testing.kafka import read_topic

    [dead] = await read_topic(platform.kafka, f"{prefix}returners.dlq.reporting")
    assert dead.value == b"{not json"
    assert dead.headers["dlq.original_topic"] == APPLICATIONS.qualified(prefix)
    assert dead.headers["dlq.error_type"] == "undecodable"
    async with running(create_app(platform.settings)) as client:
        funnel = await _get(client, f"/reports/programmes/{PROGRAMME}/funnel")
    assert (funnel["submitted"], funnel["accepted"]) == (1, 1)


async def _get(client: httpx.AsyncClient, path: str) -> Any:
    response = await client.get(path, headers=AUTH)
    assert response.status_code == 200, response.text
    return response.json()

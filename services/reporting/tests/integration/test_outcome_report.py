"""The programme's outcome report through the faust worker, from training events published
on the real topics before the decisions and offers they depend on: every number as worked
out by hand (tests/training_history.py), each CSV table the same as the JSON, a rebuild
from offset zero the same again."""

import csv
import io
from pathlib import Path
from typing import Any

import httpx
import pytest

from reporting.bootstrap import create_app
from reporting.domain.outcome_report import OutcomeTable
from reporting.rebuild import rebuild
from returners_cli.testing.services import running
from returners_platform.contracts.catalogue import spec_for
from returners_platform.contracts.topics import TRAINING

from ..conftest import AUTH, Platform
from ..expected import EXPECTED_OUTCOMES_WITH_EXTRA, outcomes
from ..history import PROGRAMME
from ..training_history import EXTRA_EVENTS

pytestmark = pytest.mark.integration

BASE = f"/reports/programmes/{PROGRAMME}/outcomes"
FIGURES = list(outcomes())


async def publish_everything(platform: Platform) -> None:
    """The history (its training events first), then the extra placements' training events
    before their applications' submissions, decisions and offers."""
    await platform.publish_history(placements_first=True)
    training = [e for e in EXTRA_EVENTS if spec_for(type(e)).topic == TRAINING]
    await platform.publish(training, repeat=[0, len(training) - 1])
    await platform.publish([e for e in EXTRA_EVENTS if spec_for(type(e)).topic != TRAINING])


async def outcome_report(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get(BASE, headers=AUTH)
    assert response.status_code == 200, response.text
    return response.json()


def csv_cells(text: str) -> list[list[Any]]:
    """CSV rows with numbers as numbers and empty cells as None."""

    def value(cell: str) -> Any:
        if cell == "":
            return None
        for kind in (int, float):
            try:
                return kind(cell)
            except ValueError:
                pass
        return cell

    return [[value(c) for c in row] for row in csv.reader(io.StringIO(text))]


def json_table(report: dict[str, Any], name: OutcomeTable) -> list[list[Any]]:
    """The table's rows as the JSON report gives them (header first)."""

    def figures(f: dict[str, Any]) -> list[Any]:
        return [f[k] for k in FIGURES]

    def pairs(first: str, second: str, counts: dict[str, Any]) -> list[list[Any]]:
        return [[first, second], *([k, n] for k, n in counts.items())]

    match name:
        case OutcomeTable.SUMMARY:
            return [FIGURES, figures(report)]
        case OutcomeTable.BY_BAND | OutcomeTable.BY_REGION:
            groups = report["by_band" if name == OutcomeTable.BY_BAND else "by_region"]
            column = "band" if name == OutcomeTable.BY_BAND else "region"
            return [[column, *FIGURES], *([key, *figures(g)] for key, g in groups.items())]
        case OutcomeTable.BY_COUNCIL:
            return [
                ["council_id", "name", *FIGURES],
                *([key, c["name"], *figures(c)] for key, c in report["by_council"].items()),
            ]
        case OutcomeTable.WITHDRAWALS:
            return pairs("reason", "placements", report["withdrawals_by_reason"])
        case OutcomeTable.OFFERS_WITHDRAWN_BY_CONDITION:
            return pairs("condition", "offers", report["offers_withdrawn_by_condition"])
        case OutcomeTable.OFFERS_WITHDRAWN_BY_REASON:
            return pairs("reason", "offers", report["offers_withdrawn_by_reason"])
        case OutcomeTable.HOURS:
            return pairs("kind", "hours", report["hours_by_kind"])
    raise AssertionError(name)


async def test_the_known_placements_give_the_hand_computed_outcome_report_and_csv(
    platform: Platform, worker: Path
) -> None:
    await publish_everything(platform)
    await platform.wait_caught_up()

    async with running(create_app(platform.settings)) as client:
        report = await outcome_report(client)
        assert report == EXPECTED_OUTCOMES_WITH_EXTRA
        for name in OutcomeTable:
            response = await client.get(f"{BASE}/{name.value}.csv", headers=AUTH)
            assert response.status_code == 200, (name, response.text)
            assert response.headers["content-type"].startswith("text/csv")
            assert csv_cells(response.text) == json_table(report, name), name


async def test_a_rebuild_from_offset_zero_gives_the_same_outcome_report(
    platform: Platform, worker: Path
) -> None:
    await publish_everything(platform)
    await platform.wait_caught_up()
    live = await platform.tables()

    await rebuild(platform.settings)

    assert await platform.tables() == live
    async with running(create_app(platform.settings)) as client:
        assert await outcome_report(client) == EXPECTED_OUTCOMES_WITH_EXTRA


async def test_the_outcome_routes_are_documented_with_their_csv_tables(platform: Platform) -> None:
    async with running(create_app(platform.settings)) as client:
        spec = (await client.get("/openapi.json")).json()
    json_route = spec["paths"]["/reports/programmes/{programme_id}/outcomes"]["get"]
    assert set(json_route["responses"]) >= {"200", "401", "404"}
    csv_route = spec["paths"]["/reports/programmes/{programme_id}/outcomes/{table}.csv"]["get"]
    assert "text/csv" in csv_route["responses"]["200"]["content"]
    assert set(csv_route["responses"]) >= {"200", "401", "404"}
    [table] = [p for p in csv_route["parameters"] if p["name"] == "table"]
    schema = table["schema"]
    enum = (
        schema.get("enum") or spec["components"]["schemas"][schema["$ref"].split("/")[-1]]["enum"]
    )
    assert enum == [t.value for t in OutcomeTable]

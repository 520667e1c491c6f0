"""The API's access rules, the dashboard page, and the programme figures on /metrics."""

import pytest

from reporting.bootstrap import create_app
from reporting.rebuild import rebuild
from returners_cli.testing.polling import eventually
from returners_cli.testing.services import running

from ..conftest import AUTH, Platform
from ..history import PROGRAMME

pytestmark = pytest.mark.integration

ENDPOINTS = [
    f"/reports/programmes/{PROGRAMME}/{name}"
    for name in (
        "funnel",
        "by-council",
        "by-region",
        "by-specialism",
        "by-band",
        "timings",
        "submissions-per-day",
        "outcomes",
        "outcomes/by-band.csv",
    )
] + ["/reports/programmes", "/reports/platform-health"]


async def test_every_report_needs_the_operations_token(platform: Platform) -> None:
    async with running(create_app(platform.settings)) as client:
        for path in ENDPOINTS:
            assert (await client.get(path)).status_code == 401, path
            wrong = await client.get(path, headers={"Authorization": "Bearer nope"})
            assert wrong.status_code == 401, path


async def test_a_programme_no_event_mentioned_is_not_found(platform: Platform) -> None:
    async with running(create_app(platform.settings)) as client:
        for name in (
            "funnel",
            "by-region",
            "by-council",
            "timings",
            "submissions-per-day",
            "outcomes",
            "outcomes/summary.csv",
        ):
            response = await client.get(f"/reports/programmes/nowhere/{name}", headers=AUTH)
            assert response.status_code == 404, name


async def test_the_dashboard_page_holds_no_figures_and_loads_only_local_assets(
    platform: Platform,
) -> None:
    async with running(create_app(platform.settings)) as client:
        page = await client.get("/dashboard")
        assert page.status_code == 200
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert "http://" not in page.text
        assert "https://" not in page.text
        assert 'data-refresh-seconds="10"' in page.text
        for asset in ("charts.js", "dashboard.js", "dashboard.css"):
            response = await client.get(f"/dashboard/assets/{asset}")
            assert response.status_code == 200, asset
            assert "https://" not in response.text


async def test_metrics_export_the_programme_figures_as_gauges(platform: Platform) -> None:
    await platform.publish_history()
    await rebuild(platform.settings)
    async with running(create_app(platform.settings)) as client:
        metrics = await eventually(
            lambda: client.get("/metrics"),
            until=lambda r: f'returners_programme_places{{programme="{PROGRAMME}"}}' in r.text,
            timeout=60,
            what="the programme gauges",
        )
    lines = set(metrics.text.splitlines())
    assert f'returners_programme_funnel{{programme="{PROGRAMME}",stage="submitted"}} 8.0' in lines
    assert f'returners_programme_funnel{{programme="{PROGRAMME}",stage="hired"}} 2.0' in lines
    assert f'returners_programme_places_filled{{programme="{PROGRAMME}"}} 3.0' in lines
    assert (
        f'returners_programme_ineligible_by_reason{{programme="{PROGRAMME}",'
        'reason="right_to_work"} 1.0'
    ) in lines
    assert (
        f'returners_programme_days_to{{milestone="hire",programme="{PROGRAMME}",'
        'quantile="0.5"} 25.0'
    ) in lines

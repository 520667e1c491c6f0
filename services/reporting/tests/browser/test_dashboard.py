"""The dashboard in headless Chromium (Debian's ``chromium``) against a seeded run.

The API runs as ``python -m reporting`` on a free port; Chromium opens the dashboard with
the operations token in the URL fragment, the page fetches the reports, and the test reads
the figures from the rendered DOM. A screenshot is kept in test-artifacts/.
"""

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from reporting.rebuild import rebuild
from returners_cli.testing.browser import CHROMIUM, chromium, dashboard_figures, table_rows
from returners_cli.testing.fixtures import free_port
from returners_cli.testing.polling import eventually

from ..conftest import OPS_TOKEN, Platform, child_env
from ..expected import EXPECTED_FUNNEL
from ..history import OTHER_PROGRAMME, PROGRAMME

pytestmark = [pytest.mark.integration, pytest.mark.browser]

ARTIFACTS = Path(__file__).parents[4] / "test-artifacts"


@asynccontextmanager
async def reporting_api(platform: Platform, log_file: Path) -> AsyncIterator[str]:
    """``python -m reporting`` on a free port (no worker: the test seeds the read models)."""
    port = free_port()
    env = child_env(platform.settings) | {
        "REPORTING_PORT": str(port),
        "REPORTING_RUN_WORKER": "false",
        "REPORTING_SERVICE_METRICS_URLS": "",
        "REPORTING_HEALTH_REFRESH_SECONDS": "0.5",
    }
    with log_file.open("ab") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "reporting",
            env=env,
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            async with httpx.AsyncClient() as client:
                await eventually(
                    lambda: _ready(client, url),
                    timeout=120,  # a loaded machine (the parallel suite) starts it slowly
                    interval=0.3,
                    what=f"the reporting API at {url} (log: {log_file})",
                )
                await eventually(
                    lambda: _health_gathered(client, url),
                    timeout=60,
                    interval=0.3,
                    what="a complete platform health refresh",
                )
            yield url
        finally:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()
                await process.wait()


async def _ready(client: httpx.AsyncClient, url: str) -> bool:
    try:
        return (await client.get(f"{url}/readyz")).status_code == 200
    except httpx.HTTPError:
        return False


async def _health_gathered(client: httpx.AsyncClient, url: str) -> bool:
    try:  # a loaded machine may answer slowly: not gathered yet, ask again
        response = await client.get(
            f"{url}/reports/platform-health",
            headers={"Authorization": f"Bearer {OPS_TOKEN}"},
            timeout=30,
        )
    except httpx.TimeoutException:
        return False
    health = response.json()
    return (
        response.status_code == 200 and health["refreshed_at"] is not None and not health["errors"]
    )


@pytest.fixture
def screenshot() -> Path:
    """Where the screenshot goes (test-artifacts/, git-ignored); Chromium must be there."""
    if not CHROMIUM.exists():
        pytest.fail(
            "headless Chromium is missing: apt-get install -y chromium (make test installs it)"
        )
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "reporting-dashboard.png"
    path.unlink(missing_ok=True)
    return path


async def test_the_dashboard_of_a_seeded_run_shows_the_funnel_figures(
    platform: Platform, tmp_path: Path, screenshot: Path
) -> None:
    await platform.publish_history()
    await rebuild(platform.settings)

    async with reporting_api(platform, tmp_path / "api.log") as url:
        page = f"{url}/dashboard?programme={PROGRAMME}#token={OPS_TOKEN}"
        dom = await chromium("--dump-dom", page, profile=tmp_path / "profile-dom")
        await chromium(
            f"--screenshot={screenshot}",
            "--window-size=1400,3800",
            page,
            profile=tmp_path / "profile-shot",
        )

    parsed = dashboard_figures(dom)
    expected = {k: str(v) for k, v in EXPECTED_FUNNEL.items() if not isinstance(v, dict)}
    assert parsed.figures == expected
    text = " ".join(parsed.text)
    for shown in (
        "Buckinghamshire Council",
        "Leeds City Council",
        "South East",
        "2020-04-01",
        "3 of 5 places filled (60%)",
        "time out of practice",
    ):
        assert shown in text, shown
    # The programme's outcome report (tests/expected.py, EXPECTED_OUTCOMES).
    assert "Programme outcomes" in text
    assert table_rows(dom, "outcome-council-table")[1:] == [
        ["Buckinghamshire Council", "3", "2", "2", "2", "1", "66.7%", "100.0%", "79"],
        ["Leeds City Council", "0", "0", "0", "0", "0", "—", "—", "—"],
    ]
    assert table_rows(dom, "outcome-band-table")[1:] == [
        ["2\u20135 years", "1", "1", "1", "0", "0", "100.0%", "100.0%", "42"],
        ["5\u201310 years", "2", "1", "1", "2", "1", "50.0%", "100.0%", "116"],
    ]
    assert ["dbs", "1"] in table_rows(dom, "offers-withdrawn-table")
    # Every programme side by side, a column of its funnel each.
    side_by_side = table_rows(dom, "programmes-table")
    assert side_by_side[0][0] == "Stage"
    column = side_by_side[0].index(PROGRAMME)
    assert set(side_by_side[0][1:]) == {PROGRAMME, OTHER_PROGRAMME}
    shown_stages = {row[0]: row[column] for row in side_by_side[1:]}
    assert shown_stages["Submitted"] == str(EXPECTED_FUNNEL["submitted"])
    assert shown_stages["Hired"] == str(EXPECTED_FUNNEL["hired"])
    for code, n in EXPECTED_FUNNEL["ineligible_by_reason"].items():
        if n:
            assert shown_stages[f"Ineligible: {code.replace('_', ' ')}"] == str(n)
    assert OPS_TOKEN not in dom  # the token left the address bar and never reached the page
    assert "returners.dlq.reporting" in text  # platform health is on the page too
    assert (await asyncio.to_thread(screenshot.read_bytes)).startswith(b"\x89PNG")
    assert (await asyncio.to_thread(os.path.getsize, screenshot)) > 20_000

"""A broken mail server is seen by operators within a minute, long before any dead letter.

The platform runs as real processes (applications, matching, notifications, the reporting
API) on the session's Kafka and Postgres; a real Prometheus (Debian's package) scrapes the
notifications service every second and evaluates deploy/prometheus/rules.yml as checked in.
Then the local mail server is stopped, so its port refuses connections, and applicants
submit. Within a minute of the first submission accepted:

- ``GET /reports/platform-health`` and the dashboard (headless Chromium) show the email
  deliveries in retry and the last error, "cannot connect to the mail server";
- Prometheus has ``ReturnersDeliveriesFailing`` firing for the email channel;

and no applicant's address is on the metrics, in the JSON or on the page.
"""

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from returners_cli.testing.browser import chromium, table_rows
from returners_cli.testing.cluster import ProcessCluster
from returners_cli.testing.fixtures import fresh_database
from returners_cli.testing.polling import eventually
from returners_cli.testing.programmes import programme_without_selection
from returners_cli.testing.prometheus import prometheus_server
from returners_cli.testing.submissions import submission_body

pytestmark = [pytest.mark.integration, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "deploy" / "prometheus" / "rules.yml"
ALERT = "ReturnersDeliveriesFailing"
MAIL_DOWN = "cannot connect to the mail server"
BUDGET_SECONDS = 60.0
ADDRESSES = ("outage.first@example.org", "outage.second@example.org")
NAMES = ("applications", "matching", "notifications", "reporting")

T = TypeVar("T")


@pytest.fixture
async def platform(
    kafka_bootstrap: str, postgres_admin_dsn: str, tmp_path: Path
) -> AsyncIterator[ProcessCluster]:
    """Every service but reporting's projection worker (not needed here), with the figures
    refreshed every second instead of every 15."""
    async with AsyncExitStack() as databases:
        urls = {
            name: await databases.enter_async_context(
                fresh_database(postgres_admin_dsn, prefix=f"ops_{name[:5]}")
            )
            for name in NAMES
        }
        workdir = tmp_path / "platform"
        workdir.mkdir()
        cluster = ProcessCluster(
            kafka=kafka_bootstrap,
            database_urls=urls,
            workdir=workdir,
            topic_prefix=f"ops{uuid.uuid4().hex[:6]}.",
            names=NAMES,
            extra_env={
                "applications": {"APPLICATIONS_SUBMISSIONS_PER_MINUTE": "1000"},
                "notifications": {"NOTIFICATIONS_DELIVERY_GAUGES_INTERVAL_SECONDS": "1"},
                "reporting": {
                    "REPORTING_RUN_WORKER": "false",
                    "REPORTING_HEALTH_REFRESH_SECONDS": "1",
                },
            },
        )
        try:
            await asyncio.to_thread(cluster.start)
            yield cluster
        finally:
            await asyncio.to_thread(cluster.stop)


async def test_a_broken_mail_server_shows_on_the_dashboard_and_fires_the_alert_within_a_minute(
    platform: ProcessCluster, tmp_path: Path
) -> None:
    notifications, reporting = platform["notifications"], platform["reporting"]
    token = platform.secrets["OPERATIONS_TOKEN"]
    async with (
        prometheus_server(
            {"notifications": f"{notifications.url}/metrics"}, [RULES], tmp_path / "prometheus"
        ) as prometheus,
        httpx.AsyncClient(timeout=10) as http,
    ):
        await eventually(
            prometheus.target_health,
            until=lambda health: health.get("notifications") == "up",
            timeout=60,
            what="Prometheus scraping the notifications service",
        )
        assert platform.mail is not None
        await asyncio.to_thread(platform.mail.stop)  # its port now refuses every connection

        programme_id = await publish_programme(http, platform)
        await submit(http, platform, programme_id, ADDRESSES[0])
        accepted = time.monotonic()  # its "submitted" email is due from now on
        await submit(http, platform, programme_id, ADDRESSES[1])

        async def within_budget(
            probe: Callable[[], Awaitable[T]], until: Callable[[T], bool], what: str
        ) -> tuple[T, float]:
            found = await eventually(
                probe,
                until=until,
                timeout=accepted + BUDGET_SECONDS - time.monotonic(),
                interval=0.5,
                what=what,
            )
            return found, time.monotonic() - accepted

        async with asyncio.TaskGroup() as seen:
            in_json = seen.create_task(
                within_budget(
                    lambda: platform_health(http, reporting.url, token),
                    email_failing_in_json,
                    "platform health showing the email deliveries in retry",
                )
            )
            on_page = seen.create_task(
                within_budget(
                    lambda: dashboard_rows(reporting.url, token, tmp_path / "chromium"),
                    email_failing_on_page,
                    "the dashboard showing the email deliveries in retry",
                )
            )
            alerting = seen.create_task(
                within_budget(
                    lambda: prometheus.alerts(ALERT),
                    email_alert_firing,
                    f"{ALERT} firing for the email channel",
                )
            )
        metrics = (await http.get(f"{notifications.url}/metrics")).text

    (health, json_after), (rows, page_after), (alerts, alert_after) = (
        in_json.result(),
        on_page.result(),
        alerting.result(),
    )
    print(
        f"\nseconds from the first submission: platform health {json_after:.1f}, "
        f"dashboard {page_after:.1f}, alert firing {alert_after:.1f}"
    )
    [email] = [r for r in health["delivery_retries"] if r["channel"] == "email"]
    [webhook] = [r for r in health["delivery_retries"] if r["channel"] == "webhook"]
    assert (email["last_error"], email["scrape_error"]) == (MAIL_DOWN, None)
    assert (webhook["in_retry"], webhook["last_error"]) == (0, None)
    [alert] = [a for a in alerts if a["labels"]["channel"] == "email"]
    assert alert["labels"]["job"] == "notifications"
    assert alert["labels"]["severity"] == "page"
    shown = json.dumps(health) + json.dumps(rows) + metrics
    assert [address for address in ADDRESSES if address in shown] == []


async def publish_programme(http: httpx.AsyncClient, platform: ProcessCluster) -> str:
    """An open programme of this test's own, published as operations staff do."""
    programme = programme_without_selection(f"ops-{uuid.uuid4().hex[:10]}")
    published = await http.post(
        f"{platform['matching'].url}/admin/programmes",
        json=programme,
        headers={"Authorization": f"Bearer {platform.secrets['OPERATIONS_TOKEN']}"},
    )
    assert published.status_code == 201, published.text
    return str(programme["programme_id"])


async def submit(
    http: httpx.AsyncClient, platform: ProcessCluster, programme_id: str, address: str
) -> None:
    """Submit as an applicant (retried until applications has heard of the programme)."""
    await eventually(
        lambda: http.post(
            f"{platform['applications'].url}/applications",
            json=submission_body(programme_id, contact={"email": address}),
        ),
        until=lambda r: r.status_code == 201,
        timeout=60,
        what=f"a submission to {programme_id} accepted",
    )


async def platform_health(http: httpx.AsyncClient, url: str, token: str) -> dict[str, Any]:
    response = await http.get(
        f"{url}/reports/platform-health", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def email_failing_in_json(health: dict[str, Any]) -> bool:
    return any(
        r["channel"] == "email"
        and (r["in_retry"] or 0) >= 1
        and r["last_error"] == MAIL_DOWN
        and r["last_error_at"] is not None
        for r in health.get("delivery_retries", [])
    )


async def dashboard_rows(url: str, token: str, profile: Path) -> list[list[str]]:
    """The dashboard's "Deliveries failing now" table as headless Chromium renders it."""
    dom = await chromium("--dump-dom", f"{url}/dashboard#token={token}", profile=profile)
    return table_rows(dom, "retries-table")


def email_failing_on_page(rows: list[list[str]]) -> bool:
    return any(
        len(row) == 4
        and row[0] == "email"
        and row[1].isdigit()
        and int(row[1]) >= 1
        and row[2] == MAIL_DOWN
        and row[3] not in ("", "—")
        for row in rows
    )


def email_alert_firing(alerts: list[dict[str, Any]]) -> bool:
    return any(a["labels"].get("channel") == "email" and a["state"] == "firing" for a in alerts)

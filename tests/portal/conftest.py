"""The applicant portal on the shared cluster (``cluster``: tests/conftest.py), with a
programme of its own, a council with places in it, and headless Chromium (Debian's, driven
by Playwright; Playwright never downloads a browser here)."""

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, sync_playwright

from returners_cli.testing.browser import CHROMIUM, CHROMIUM_FLAGS
from returners_cli.testing.cluster import ProcessCluster
from returners_cli.testing.programmes import programme_without_selection

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "portal"
AXE = ROOT / "services" / "portal" / "node_modules" / "axe-core" / "axe.min.js"


def ops(cluster: ProcessCluster) -> dict[str, str]:
    return {"Authorization": f"Bearer {cluster.secrets['OPERATIONS_TOKEN']}"}


@pytest.fixture(scope="module")
def programme_id(cluster: ProcessCluster) -> str:
    """An open programme (the demo cohort's rules, without selection) with a council offering
    places in every region and specialism, published to matching; applications knows it once
    the portal's start page shows it."""
    # Without the demo cohort's selection block: the journeys go from the decision straight to
    # an offer (test_interview_booking.py takes a candidate through selection's interview).
    programme = programme_without_selection(
        f"portal-{uuid.uuid4().hex[:8]}", title="Return to Social Work (portal test cohort)"
    )
    matching = cluster["matching"].url
    with httpx.Client(base_url=matching, timeout=30, headers=ops(cluster)) as http:
        assert http.post("/admin/programmes", json=programme).status_code == 201
        # Council names are unique: one per module (each module has a programme of its own).
        name = f"Buckinghamshire Council ({programme['programme_id']})"
        council = http.post("/admin/councils", json={"name": name})
        assert council.status_code == 201, council.text
        council_id, key = council.json()["council_id"], council.json()["api_key"]
        for region in programme["regions"]:
            for specialism in programme["specialisms"]:
                vacancy = http.post(
                    f"/councils/{council_id}/vacancies",
                    json={
                        "programme_id": programme["programme_id"],
                        "region": region,
                        "specialism": specialism,
                        "slots": 5,
                        "starts_on": programme["starts_on"],
                    },
                    headers={"Authorization": f"Bearer {key}"},
                )
                assert vacancy.status_code == 201, vacancy.text
    return str(programme["programme_id"])


@pytest.fixture(scope="module")
def portal_url(cluster: ProcessCluster, programme_id: str) -> str:
    portal = cluster.portal({"PORTAL_PROGRAMME_ID": programme_id})
    return portal.url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("headless Chromium is missing: apt-get install -y chromium (make test does)")
    if not AXE.exists():
        pytest.fail("axe-core is missing: npm ci --prefix services/portal (make test does)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[f for f in CHROMIUM_FLAGS if not f.startswith(("--headless", "--virtual"))],
        )
        yield chromium
        chromium.close()


def axe_source() -> str:
    return AXE.read_text()


def read_json(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()

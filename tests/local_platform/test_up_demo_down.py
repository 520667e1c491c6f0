"""`returners up`, `demo`, `status --json` and `down`, exactly as `make up` runs them.

A platform of the test's own (state directory and ports set apart from a developer's),
with the demo cohort's offers lasting seconds instead of a minute so the expiry rounds
are quick. The funnel the demo prints must equal the reporting API's and the dashboard's.
"""

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from returners_cli.stack.processes import pid_alive
from returners_cli.testing.browser import chromium, dashboard_figures
from returners_cli.testing.fixtures import free_port

pytestmark = [pytest.mark.integration, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
RETURNERS = str(Path(sys.executable).parent / "returners")
FUNNEL_ROW = re.compile(r"│ (\w+)\s+│\s+(\d+) │")


@pytest.fixture(scope="module")
def platform_env() -> Iterator[dict[str, str]]:
    state = Path(tempfile.mkdtemp(prefix="returners-up-test-"))
    state.chmod(0o755)  # the postgres user must reach its data directory
    env = {
        **os.environ,
        "RETURNERS_STATE_DIR": str(state),
        "RETURNERS_KAFKA_PORT": str(free_port()),
        "RETURNERS_KAFKA_CONTROLLER_PORT": str(free_port()),
        "RETURNERS_PG_PORT": str(free_port()),
        "RETURNERS_SMTP_PORT": str(free_port()),
        **{
            f"{name}_PORT": str(free_port())
            for name in ("APPLICATIONS", "MATCHING", "NOTIFICATIONS", "REPORTING")
        },
    }
    yield env
    subprocess.run([RETURNERS, "down"], env=env, check=False, capture_output=True, timeout=120)
    shutil.rmtree(state, ignore_errors=True)


def returners(env: dict[str, str], *args: str, timeout: float = 600) -> str:
    result = subprocess.run(
        [RETURNERS, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, f"returners {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _local_env(env: dict[str, str]) -> dict[str, str]:
    text = (Path(env["RETURNERS_STATE_DIR"]) / "local.env").read_text()
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def _quick_programmes(tmp: Path) -> Path:
    for source in (ROOT / "deploy" / "local" / "programmes").glob("*.json"):
        definition = json.loads(source.read_text())
        if definition["programme_id"] == "rtsw-demo":
            definition["offer_window_days"] = 0.0002  # about 17 seconds
        (tmp / source.name).write_text(json.dumps(definition))
    return tmp


def test_up_starts_everything_demo_prints_the_reported_funnel_and_down_leaves_nothing(
    platform_env: dict[str, str], tmp_path: Path
) -> None:
    printed = returners(platform_env, "up")
    local = _local_env(platform_env)
    for name in ("APPLICATIONS", "MATCHING", "NOTIFICATIONS", "REPORTING", "DASHBOARD"):
        assert local[f"RETURNERS_{name}_URL"] in printed
    status = json.loads(returners(platform_env, "status", "--json"))
    assert {c["name"]: c["healthy"] for c in status} == {
        name: True
        for name in (
            "kafka",
            "postgres",
            "mail",
            "applications",
            "matching",
            "notifications",
            "reporting",
        )
    }

    output = returners(
        platform_env, "demo", "--applicants", "40", "--programmes", str(_quick_programmes(tmp_path))
    )
    funnel_printed = {stage: int(count) for stage, count in FUNNEL_ROW.findall(output)}
    ops = {"Authorization": f"Bearer {local['RETURNERS_OPERATIONS_TOKEN']}"}
    reported = httpx.get(
        f"{local['RETURNERS_REPORTING_URL']}/reports/programmes/rtsw-demo/funnel",
        headers=ops,
        timeout=10,
    ).json()
    stages = {k: v for k, v in reported.items() if k != "ineligible_by_reason"}
    assert funnel_printed == stages
    assert funnel_printed["submitted"] == 40
    assert funnel_printed["offered"] > 0
    dashboard = (
        f"{local['RETURNERS_REPORTING_URL']}/dashboard?programme=rtsw-demo"
        f"#token={local['RETURNERS_OPERATIONS_TOKEN']}"
    )
    dom = asyncio.run(chromium("--dump-dom", dashboard, profile=tmp_path / "chromium"))
    assert dashboard_figures(dom).figures == {k: str(v) for k, v in stages.items()}

    pids_before = _pids(platform_env)
    returners(platform_env, "up")  # a second `up` is harmless: what runs is left alone
    assert _pids(platform_env) == pids_before
    assert FUNNEL_ROW.findall(returners(platform_env, "demo")) == FUNNEL_ROW.findall(output)

    returners(platform_env, "down")
    assert [pid for pid in pids_before.values() if pid_alive(pid)] == []
    leftovers = subprocess.run(
        ["pgrep", "-f", platform_env["RETURNERS_STATE_DIR"]],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    assert leftovers == ""


def _pids(env: dict[str, str]) -> dict[str, int]:
    components = json.loads(returners(env, "status", "--json"))
    return {c["name"]: c["pid"] for c in components if c["pid"]}

"""`returners up`, `demo`, `status --json` and `down`, exactly as `make up` runs them.

A platform of the test's own (a state directory and ports set apart from a developer's),
fresh, runs the default demo. It prints the funnel the README shows, which another fresh
platform printed when the README was written (the demo is deterministic); the funnel equals
the reporting API's and the dashboard's, and the Maildir holds every email the demo's
applicants should have had, and none about what happened after one of them had their
personal data erased.
"""

import asyncio
import contextlib
import json
import mailbox
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from returners_cli.demo import population
from returners_cli.stack.processes import pid_alive
from returners_cli.testing.browser import chromium, dashboard_figures
from returners_cli.testing.fixtures import free_port
from returners_cli.testing.polling import eventually

pytestmark = [
    pytest.mark.integration,
    pytest.mark.browser,
    pytest.mark.timeout(1500),
    pytest.mark.long,
]

ROOT = Path(__file__).resolve().parents[2]
RETURNERS = str(Path(sys.executable).parent / "returners")
FUNNEL_ROW = re.compile(r"[│|] (\w+)\s+[│|]\s+(\d+) [│|]")
REASON_ROW = re.compile(r"[│|]\s+(ineligible|rejected): (\w+)\s+[│|]\s+(\d+) [│|]")
SERVICES = (
    "APPLICATIONS",
    "MATCHING",
    "NOTIFICATIONS",
    "REPORTING",
    "SELECTION",
    "TRAINING",
    "PORTAL",
)
# Which email an applicant got, by its subject (the notifications service's templates).
SUBJECTS: dict[str, str | tuple[str, ...]] = {
    "submitted": "We have received your application to ",
    "eligible": "You are eligible for ",
    "ineligible": "Your application to ",
    "assessment_invited": "Take the online assessment for ",
    "interview_invited": "Book your video interview for ",
    "interview_booked": "Your video interview is booked: ",
    "selection_result": (
        "You have a place on ",
        "You are on the waiting list for ",
        "The result of your application to ",
    ),
    "offered": "You have been offered a placement with ",
    "hired": "Welcome back: your placement with ",
    "placement_conditions": "Before your placement with ",
}


@dataclass
class Platform:
    env: dict[str, str]

    @property
    def state(self) -> Path:
        return Path(self.env["RETURNERS_STATE_DIR"])

    def local_env(self) -> dict[str, str]:
        text = (self.state / "local.env").read_text()
        return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)

    def run(self, *args: str, timeout: float = 900) -> str:
        result = subprocess.run(
            [RETURNERS, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert result.returncode == 0, self.failure(args, result.stdout, result.stderr)
        return result.stdout

    def failure(self, args: tuple[str, ...], stdout: str, stderr: str) -> str:
        """What a failed command printed, and the end of every component's log."""
        logs = "".join(
            f"\n--- {log.name} (last lines) ---\n" + "\n".join(log.read_text().splitlines()[-15:])
            for log in sorted((self.state / "logs").glob("*.log"))
        )
        return f"returners {' '.join(args)}:\n{stdout}\n{stderr}{logs}"


def _fresh_platform() -> Platform:
    state = Path(tempfile.mkdtemp(prefix="returners-up-test-"))
    state.chmod(0o755)  # the postgres user must reach its data directory
    return Platform(
        {
            **os.environ,
            "RETURNERS_STATE_DIR": str(state),
            "RETURNERS_KAFKA_PORT": str(free_port()),
            "RETURNERS_KAFKA_CONTROLLER_PORT": str(free_port()),
            "RETURNERS_PG_PORT": str(free_port()),
            "RETURNERS_SMTP_PORT": str(free_port()),
            **{f"{name}_PORT": str(free_port()) for name in SERVICES},
            "REPORTING_WORKER_METRICS_PORT": str(free_port()),
        }
    )


@pytest.fixture(scope="module")
def fresh() -> Iterator[Platform]:
    platform = _fresh_platform()
    yield platform
    subprocess.run(
        [RETURNERS, "down"], env=platform.env, check=False, capture_output=True, timeout=120
    )
    shutil.rmtree(platform.state, ignore_errors=True)


def _funnel(output: str) -> dict[str, int]:
    return {stage: int(count) for stage, count in FUNNEL_ROW.findall(output)}


def _readme_funnel() -> dict[str, int]:
    readme = (ROOT / "README.md").read_text()
    block = readme.split(" Funnel of rtsw-demo (from the reporting service)", 1)[1].split("```")[0]
    return _funnel(block)


def test_up_starts_everything_the_demo_is_deterministic_and_down_leaves_nothing(
    fresh: Platform, tmp_path: Path
) -> None:
    first = fresh
    printed = first.run("up")
    local = first.local_env()
    # The first thing a newcomer sees is where to apply in the browser.
    assert printed.lstrip().startswith(f"Applicant portal: {local['RETURNERS_PORTAL_URL']}")
    for name in (*SERVICES, "DASHBOARD"):
        assert local[f"RETURNERS_{name}_URL"] in printed
    status = json.loads(first.run("status", "--json"))
    assert {c["name"]: c["healthy"] for c in status} == {
        name: True for name in ("kafka", "postgres", "mail", *(s.lower() for s in SERVICES))
    }

    output = first.run("demo")
    funnel = _funnel(output)
    assert funnel == _readme_funnel(), "the README shows another funnel than a fresh demo prints"

    ops = {"Authorization": f"Bearer {local['RETURNERS_OPERATIONS_TOKEN']}"}
    reported = httpx.get(
        f"{local['RETURNERS_REPORTING_URL']}/reports/programmes/rtsw-demo/funnel",
        headers=ops,
        timeout=10,
    ).json()
    stages = {k: v for k, v in reported.items() if not isinstance(v, dict)}
    assert {k: v for k, v in funnel.items() if k in stages} == stages
    dashboard = (
        f"{local['RETURNERS_REPORTING_URL']}/dashboard?programme=rtsw-demo"
        f"#token={local['RETURNERS_OPERATIONS_TOKEN']}"
    )
    dom = asyncio.run(chromium("--dump-dom", dashboard, profile=tmp_path / "chromium"))
    assert dashboard_figures(dom).figures == {k: str(v) for k, v in stages.items()}
    printed_reasons = {(stage, why): int(n) for stage, why, n in REASON_ROW.findall(output)}
    assert printed_reasons == {
        (stage, why): n
        for stage in ("ineligible", "rejected")
        for why, n in reported[f"{stage}_by_reason"].items()
    }
    assert funnel["selected"] > 0
    assert funnel["rejected"] > 0
    _check_the_mail(first, local)

    pids_before = _pids(first)
    first.run("up")  # a second `up` is harmless: what runs is left alone
    assert _pids(first) == pids_before
    assert _funnel(first.run("demo")) == funnel

    first.run("down")
    assert [pid for pid in pids_before.values() if pid_alive(pid)] == []
    leftovers = subprocess.run(
        ["pgrep", "-f", str(first.state)], capture_output=True, text=True, check=False
    ).stdout
    assert leftovers == ""


def _check_the_mail(platform: Platform, local: dict[str, str]) -> None:
    """Every applicant has the emails their status calls for, by subject; the erased one has
    none about their hire (reported after the erasure)."""
    state = json.loads((platform.state / "demo" / "state.json").read_text())
    people = population.applicants(state["seed"], len(state["applicants"]))
    expected: dict[str, Counter[str]] = {}
    for key, applicant in state["applicants"].items():
        status = _status(local, applicant)
        wanted = Counter(submitted=1, offered=len(status["offers"]))
        wanted["eligible" if status["eligibility"]["eligible"] else "ineligible"] += 1
        wanted.update(_selection_emails(status["selection"]))
        if applicant["application_id"] not in state["erased"]:
            wanted["hired"] += status["status"] == "hired"
            wanted["placement_conditions"] += status["placement"] is not None
        expected[people[int(key)].body["contact"]["email"]] = +wanted
    assert len(state["erased"]) == 1
    erased = next(
        people[int(k)].body["contact"]["email"]
        for k, a in state["applicants"].items()
        if a["application_id"] in state["erased"]
    )
    assert _status(local, _by_id(state, state["erased"][0]))["status"] == "hired"

    maildir = Path(local["RETURNERS_MAILDIR"])
    with contextlib.suppress(AssertionError):  # the last emails may still be on their way
        asyncio.run(
            eventually(
                lambda: _received(maildir, erased),
                until=lambda r: r == expected,
                timeout=60,
                what="every email the demo calls for",
            )
        )
    received = _received(maildir, erased)
    differences = {
        who: (dict(received.get(who, Counter())), dict(expected.get(who, Counter())))
        for who in set(received) | set(expected)
        if received.get(who) != expected.get(who)
    }
    assert differences == {}, f"(received, expected) by applicant: {differences}"
    assert "hired" not in received[erased]


def _selection_emails(selection: dict[str, Any] | None) -> Counter[str]:
    """The emails selection calls for: the invitation to the assessment; the invitation to
    interview for those who passed it; the booking, if they booked; the result."""
    if selection is None:
        return Counter()
    failed_assessment = {"assessment_not_taken", "assessment_below_pass_mark"}
    return Counter(
        assessment_invited=1,
        interview_invited=0 if failed_assessment & set(selection["reasons"]) else 1,
        interview_booked=1 if selection["interview"] else 0,
        selection_result=1,
    )


def _received(maildir: Path, erased: str) -> dict[str, Counter[str]]:
    """The emails each address received, by template; the erased returner's checks email
    left out (it races their erasure: a delivery after it is skipped)."""
    received: dict[str, Counter[str]] = {}
    for message in mailbox.Maildir(maildir, create=False):
        subject = " ".join(str(message["Subject"]).split())
        [template] = [t for t, start in SUBJECTS.items() if subject.startswith(start)]
        to = str(message["To"]).rpartition("<")[2].rstrip(">")
        if (to, template) != (erased, "placement_conditions"):
            received.setdefault(to, Counter())[template] += 1
    return received


def _status(local: dict[str, str], applicant: dict[str, str]) -> Any:
    return httpx.get(
        f"{local['RETURNERS_APPLICATIONS_URL']}/applications/{applicant['application_id']}",
        headers={"Authorization": f"Bearer {applicant['access_token']}"},
        timeout=10,
    ).json()


def _by_id(state: dict[str, Any], application_id: str) -> dict[str, str]:
    return next(a for a in state["applicants"].values() if a["application_id"] == application_id)


def _pids(platform: Platform) -> dict[str, int]:
    components = json.loads(platform.run("status", "--json"))
    return {c["name"]: c["pid"] for c in components if c["pid"]}

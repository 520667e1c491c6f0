"""`returners up`, `demo`, `status --json` and `down`, exactly as `make up` runs them.

A platform of the test's own (a state directory and ports set apart from a developer's),
fresh, runs the default demo. It prints the funnel and the outcome report the README shows,
which another fresh platform printed when the README was written (the demo is
deterministic); the funnel equals the reporting API's and the dashboard's, the outcome
report the reporting API's and the dashboard's; the demo's steps after the offers are in
the services of record (references answered through the emailed links, one DBS check not
met, placements completed at 210 and 420 hours, one left, restorations reported); the
Maildir holds every email the demo's applicants and their referees should have had, and none
about what happened after one of them had their personal data erased; and once the demo is
done, the platform's clocks read today's time (an applicant's dates are not in the future).
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

from returners_cli.demo import expected, population
from returners_cli.demo.outcomes import BANDS, COUNTS, MEDIAN, RATES, cell
from returners_cli.stack.kafka import STACK_JVM_OPTIONS
from returners_cli.stack.local import BACKGROUND_NICE
from returners_cli.stack.processes import pid_alive, thread_ids
from returners_cli.testing.browser import chromium, dashboard_figures, table_rows
from returners_cli.testing.fixtures import free_port
from returners_cli.testing.polling import eventually

pytestmark = [
    pytest.mark.integration,
    pytest.mark.browser,
    pytest.mark.timeout(1500),
    pytest.mark.long(minutes=6),
]

ROOT = Path(__file__).resolve().parents[2]
RETURNERS = str(Path(sys.executable).parent / "returners")
FUNNEL_ROW = re.compile(r"[│|] (\w+)\s+[│|]\s+(\d+) [│|]")
REASON_ROW = re.compile(r"[│|]\s+(ineligible|rejected): (\w+)\s+[│|]\s+(\d+) [│|]")
# A row of the printed outcome report: the figure, then all placements and each band's.
OUTCOME_ROW = re.compile(r"[│|] ([a-z -]+?)\s+[│|]\s+(\S+) [│|]\s+(\S+) [│|]\s+(\S+) [│|]")
SERVICES = (
    "APPLICATIONS",
    "MATCHING",
    "NOTIFICATIONS",
    "REPORTING",
    "SELECTION",
    "TRAINING",
    "PORTAL",
)
# What `returners up` runs at BACKGROUND_NICE once everything has started, every thread of it;
# the rest, Kafka and Postgres too, at 0.
BACKGROUND = {"notifications", "selection", "training", "mail"}
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
    "reference_request": "Reference request for ",
    "reference_received": "One of your references has arrived",
    "offer_withdrawn": "Your placement offer from ",
    "placement_started": "Your placement with ",
    "placement_completed": "You have completed your placement",
    "reregistered": "Congratulations: you are back on the register",
}
# How the printed outcome report names each figure.
OUTCOME_LABELS = {label: key for key, label in (*COUNTS, *RATES, MEDIAN)}


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
    """The printed funnel (the table before the outcome report)."""
    funnel = output.split("Outcomes of rtsw-demo", 1)[0]
    return {stage: int(count) for stage, count in FUNNEL_ROW.findall(funnel)}


def _readme_funnel() -> dict[str, int]:
    return _funnel(_readme_block(" Funnel of rtsw-demo (from the reporting service)"))


def _outcomes(output: str) -> dict[str, tuple[str, str, str]]:
    """The printed outcome report's first table: figure -> (all, 2-5, 5-10)."""
    block = output.split("Outcomes of rtsw-demo (from the reporting service)", 1)[1]
    block = block.split("By council", 1)[0]
    return {
        OUTCOME_LABELS[label]: (whole, first, second)
        for label, whole, first, second in OUTCOME_ROW.findall(block)
        if label in OUTCOME_LABELS
    }


def _readme_block(title: str) -> str:
    readme = (ROOT / "README.md").read_text()
    return title + readme.split(title, 1)[1].split("```")[0]


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
    printed_outcomes = _outcomes(output)
    assert printed_outcomes == _outcomes(
        _readme_block("Outcomes of rtsw-demo (from the reporting service)")
    ), "the README shows another outcome report than a fresh demo prints"

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

    outcomes = httpx.get(
        f"{local['RETURNERS_REPORTING_URL']}/reports/programmes/rtsw-demo/outcomes",
        headers=ops,
        timeout=10,
    ).json()
    groups = [outcomes, *(outcomes["by_band"][band] for band, _ in BANDS)]
    assert printed_outcomes == {
        key: tuple(cell(key, group[key]) for group in groups)
        for key, _ in (*COUNTS, *RATES, MEDIAN)
    }
    assert table_rows(dom, "outcome-band-table")[1:] == [
        [label, *(cell(k, outcomes["by_band"][band][k]) for k in DASHBOARD_OUTCOME_COLUMNS)]
        for band, label in (("2-5", "2\u20135 years"), ("5-10", "5\u201310 years"))
    ]
    _check_the_steps_after_the_offers(first, local, outcomes)
    _check_the_mail(first, local)
    _check_the_clocks_read_today(local)

    pids_before = _pids(first)
    assert {
        name: {os.getpriority(os.PRIO_PROCESS, thread) for thread in thread_ids(pid)}
        for name, pid in pids_before.items()
    } == {name: {BACKGROUND_NICE if name in BACKGROUND else 0} for name in pids_before}
    broker_argv = Path(f"/proc/{pids_before['kafka']}/cmdline").read_bytes().decode().split("\0")
    assert set(STACK_JVM_OPTIONS) <= set(broker_argv)
    first.run("up")  # a second `up` is harmless: what runs is left alone
    assert _pids(first) == pids_before
    assert _funnel(first.run("demo")) == funnel

    first.run("down")
    assert [pid for pid in pids_before.values() if pid_alive(pid)] == []
    leftovers = subprocess.run(
        ["pgrep", "-f", str(first.state)], capture_output=True, text=True, check=False
    ).stdout
    assert leftovers == ""


# The dashboard's outcome tables: started, completed, re-registered, hired, left, the rates
# and the median days.
DASHBOARD_OUTCOME_COLUMNS = (
    "started",
    "completed",
    "reregistered",
    "hired",
    "withdrawn",
    "completion_rate",
    "reregistration_rate",
    "median_days_to_complete",
)


def _check_the_steps_after_the_offers(
    platform: Platform, local: dict[str, str], outcomes: dict[str, Any]
) -> None:
    """What the demo did after the offers is in the services of record: every placement's
    references came from the referees' answers; one offer was withdrawn for its DBS check and
    its slot offered on; the placements completed at 210 and 420 hours of every kind, one
    with an entry corrected; one returner left; restorations were reported by the returners."""
    state = json.loads((platform.state / "demo" / "state.json").read_text())
    training = state["training"]
    statuses = {a["application_id"]: _status(local, a) for a in state["applicants"].values()}
    placed = {i: s["placement"] for i, s in statuses.items() if s["placement"] is not None}
    assert set(training["checked_applications"]) == set(placed)
    failed = placed[training["dbs_failed"]]
    assert failed["stage"] == "offer_withdrawn"
    assert failed["offer_withdrawal"]["condition"] == "dbs"
    assert outcomes["offers_withdrawn_by_condition"]["dbs"] == 1
    assert outcomes["opened"] == len(placed) == outcomes["started"] + 1
    for application_id, placement in placed.items():
        references = {c["condition"]: c["status"] for c in placement["conditions"]}
        assert references["references"] == "met", application_id
        if application_id == training["dbs_failed"]:
            continue
        if application_id == training["leaving"]:
            assert placement["stage"] == "withdrawn"
            assert placement["withdrawal_reason"] == "caring_responsibilities"
            assert 0 < placement["hours"]["logged"] < placement["hours"]["required"]
        else:
            assert placement["completed_on"] is not None, application_id
            assert placement["hours"]["logged"] == placement["hours"]["required"]
            by_kind = {k for k, n in placement["hours"]["by_kind"].items() if n}
            assert by_kind == {
                "placement",
                "workshop",
                "coaching",
                "mentoring",
                "interview_preparation",
            }
    required = {p["hours"]["required"] for p in placed.values() if p["completed_on"]}
    assert required == {210, 420}
    assert outcomes["withdrawals_by_reason"]["caring_responsibilities"] == 1
    assert outcomes["reregistered"] == sum(p["stage"] == "reregistered" for p in placed.values())
    assert 0 < outcomes["reregistered"] < outcomes["completed"]
    decisions = Counter(
        (p["reregistration"] or {}).get("decision") for p in placed.values() if p["completed_on"]
    )
    assert decisions["restored"] == outcomes["reregistered"]
    assert decisions["pending"] > 0
    # a character referee is given by someone with no employment in the last three years
    people = range(len(state["applicants"]))
    assert any(
        r.relationship == "character"
        for i in people
        if state["applicants"][str(i)]["application_id"] in placed
        for r in population.references(state["seed"], i).referees
    )


def _check_the_clocks_read_today(local: dict[str, str]) -> None:
    """The demo lived through its programme in the months before today: once done, every
    clock it moved reads today's time, so an applicant's dates are never in the future."""
    ops = {"Authorization": f"Bearer {local['RETURNERS_OPERATIONS_TOKEN']}"}
    for name in ("APPLICATIONS", "MATCHING", "SELECTION", "TRAINING"):
        clock = httpx.get(
            f"{local[f'RETURNERS_{name}_URL']}/admin/clock", headers=ops, timeout=10
        ).json()
        assert abs(clock["offset_seconds"]) < 60, (name, clock)


def _check_the_mail(platform: Platform, local: dict[str, str]) -> None:
    """Every applicant has the emails their status calls for, by subject, and every referee
    their request; the erased one has none about their hire (reported after the erasure)."""
    state = json.loads((platform.state / "demo" / "state.json").read_text())
    people = population.applicants(state["seed"], len(state["applicants"]))
    expected_mail: dict[str, Counter[str]] = {}
    for key, applicant in state["applicants"].items():
        status = _status(local, applicant)
        was_erased = applicant["application_id"] in state["erased"]
        expected_mail[people[int(key)].body["contact"]["email"]] = _emails(status, was_erased)
        if status["placement"] is not None:
            for referee in population.references(state["seed"], int(key)).referees:
                expected_mail[referee.email] = Counter(reference_request=1)
    # The ICT, planning and legal cohorts: the same emails, as their statuses call for.
    for name, applicant in state["professions"]["applicants"].items():
        expected_mail[f"{name}@example.org"] = _emails(_status(local, applicant), erased=False)
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
                lambda: _received(maildir),
                until=lambda r: r == expected_mail,
                timeout=60,
                what="every email the demo calls for",
            )
        )
    received = _received(maildir)
    differences = {
        who: (dict(received.get(who, Counter())), dict(expected_mail.get(who, Counter())))
        for who in set(received) | set(expected_mail)
        if received.get(who) != expected_mail.get(who)
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


def _emails(status: dict[str, Any], erased: bool) -> Counter[str]:
    """The emails an applicant's status calls for, by subject (none about a hire reported
    after their erasure)."""
    wanted = Counter(submitted=1, offered=len(status["offers"]))
    wanted["eligible" if status["eligibility"]["eligible"] else "ineligible"] += 1
    wanted.update(_selection_emails(status["selection"]))
    wanted.update(_placement_emails(status["placement"]))
    if not erased:
        wanted["hired"] += status["status"] == "hired"
    return +wanted


def _placement_emails(placement: dict[str, Any] | None) -> Counter[str]:
    """The emails a placement calls for (as ``expected.placement_emails`` counts them)."""
    if placement is None:
        return Counter()
    stage = placement["stage"]
    references = {c["condition"]: c["status"] for c in placement["conditions"]}["references"]
    wanted = Counter(
        placement_conditions=1,
        reference_received=2 if references == "met" else 0,
        offer_withdrawn=int(stage == "offer_withdrawn"),
        placement_started=int(placement["started_on"] is not None),
        placement_completed=int(placement["completed_on"] is not None),
        reregistered=int(stage == "reregistered"),
    )
    assert sum(wanted.values()) == expected.placement_emails(placement)
    return wanted


def _received(maildir: Path) -> dict[str, Counter[str]]:
    """The emails each address received, by template."""
    received: dict[str, Counter[str]] = {}
    for message in mailbox.Maildir(maildir, create=False):
        subject = " ".join(str(message["Subject"]).split())
        [template] = [t for t, start in SUBJECTS.items() if subject.startswith(start)]
        to = str(message["To"]).rpartition("<")[2].rstrip(">")
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

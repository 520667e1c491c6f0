"""Personal data is kept only as long as the programme says, then erased everywhere.

Every service runs as a real process on the session's Kafka and Postgres, with clocks that
can be moved on. The demo takes a small cohort of the demo programme (with selection)
through eligibility, selection, offers and hires; one returner asks for erasure on the way.
Then, in file order (one worker runs a file):

1. a subject access export of one interviewed applicant holds every personal field the
   platform holds about them, and nothing about anyone else;
2. with a second replica of the applications service running, the clocks move past the
   unsuccessful and withdrawn dates (6 months): exactly those applicants are erased, each
   once, by the two replicas together, and the operations view shows it;
3. the clocks move past the participants' date (24 months from the hire): the hired are
   erased too; none of the erased applicants' personal data is left in any service's
   database, selection's feedback on them is gone, the funnel is what it was, the topic
   holds one ``applicant.erased`` per erased applicant, and no log line of the whole run
   holds an applicant's email address or phone number.
"""

import asyncio
import dataclasses
import io
import json
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from rich.console import Console

from returners_cli import subject_access
from returners_cli.demo import population
from returners_cli.demo.client import DemoClient, Endpoints
from returners_cli.demo.run import run_demo
from returners_cli.demo.state import DemoState
from returners_cli.testing.cluster import INSTALLED_SERVICES, ProcessCluster, ServiceProcess
from returners_cli.testing.databases import create_databases, database_text, query
from returners_cli.testing.fixtures import free_port
from returners_cli.testing.kafka import read_topic
from returners_cli.testing.polling import eventually
from returners_platform.contracts.events import ApplicantErased
from returners_platform.contracts.topics import APPLICATIONS

pytestmark = [pytest.mark.integration, pytest.mark.long(minutes=1)]

ROOT = Path(__file__).resolve().parents[2]
PROGRAMME_FILE = ROOT / "deploy" / "local" / "programmes" / "rtsw-demo.json"
COHORT = 40
DAY = 86400.0
# Past the unsuccessful and withdrawn dates (6 months on), not the participants' (24 months
# from a hire, which the demo reports two weeks on by the platform's clocks); then past that
# too.
PAST_SIX_MONTHS = 190 * DAY
PAST_TWENTY_FOUR_MONTHS = (400 + 180) * DAY
CLOCKED = ("applications", "selection")


@dataclass
class Retained:
    cluster: ProcessCluster
    endpoints: Endpoints
    state: DemoState
    people: dict[str, population.Applicant]  # by application id
    funnel: dict[str, Any]
    replica: ServiceProcess | None = None

    @property
    def ops(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.endpoints.operations_token}"}

    def dsn(self, service: str) -> str:
        return self.cluster.database_urls[service]

    async def advance_clocks(self, seconds: float) -> None:
        """Move the time of every process that keeps personal data on (the API moves a
        clock 400 days at most a call)."""
        processes = [self.cluster[name] for name in CLOCKED]
        async with httpx.AsyncClient(headers=self.ops) as client:
            for process in [*processes, *([self.replica] if self.replica else [])]:
                left = seconds
                while left > 0:
                    step = min(left, 400 * DAY)
                    response = await client.post(
                        f"{process.url}/admin/clock/advance", json={"seconds": step}
                    )
                    assert response.status_code == 200, response.text
                    left -= step

    async def outcomes(self) -> dict[str, asyncpg.Record]:
        """Each application's status, retention and erasure, from the applications database."""
        rows = await query(
            self.dsn("applications"),
            "SELECT application_id::text AS id, status, retention_purpose, erase_after,"
            " erased_at, erasure_reason FROM applications",
        )
        return {row["id"]: row for row in rows}

    async def erasures_published(self) -> Counter[tuple[str, str]]:
        """``applicant.erased`` on the topic: how many of each (application id, reason)."""
        records = await read_topic(
            self.cluster.kafka, APPLICATIONS.qualified(self.cluster.topic_prefix)
        )
        return Counter(
            (r.json()["data"]["application_id"], r.json()["data"]["reason"])
            for r in records
            if r.headers.get("ce_type") == ApplicantErased.event_type
        )

    async def retention_view(self) -> dict[str, Any]:
        async with httpx.AsyncClient(headers=self.ops) as client:
            response = await client.get(
                f"{self.endpoints.applications}/admin/programmes/{population.PROGRAMME}/retention"
            )
        assert response.status_code == 200, response.text
        return dict(response.json())

    def start_replica(self) -> None:
        """A second applications process on the same database (its retention job too)."""
        main = self.cluster["applications"]
        spec = dataclasses.replace(main.spec, name="applications-replica", port=free_port())
        self.replica = ServiceProcess(
            spec, {**main.env, "APPLICATIONS_PORT": str(spec.port)}, main.workdir
        )
        self.replica.start()
        self.replica.wait_ready()


@pytest.fixture(scope="module")
def retained(
    kafka_bootstrap: str, postgres_admin_dsn: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Retained]:
    workdir = tmp_path_factory.mktemp("retention")
    fast = {"LOG_LEVEL": "INFO", "CLOCK_ADJUSTABLE": "true"}
    cluster = ProcessCluster(
        kafka=kafka_bootstrap,
        database_urls=asyncio.run(
            create_databases(postgres_admin_dsn, INSTALLED_SERVICES, prefix="ret")
        ),
        workdir=workdir,
        topic_prefix=f"ret{uuid.uuid4().hex[:6]}.",
        names=INSTALLED_SERVICES,
        extra_env={
            "applications": {
                **{f"APPLICATIONS_{k}": v for k, v in fast.items()},
                "APPLICATIONS_SUBMISSIONS_PER_MINUTE": "1000",
                "APPLICATIONS_RETENTION_INTERVAL_SECONDS": "0.5",
                "APPLICATIONS_RETENTION_BATCH_SIZE": "3",
            },
            "selection": {
                **{f"SELECTION_{k}": v for k, v in fast.items()},
                "SELECTION_RETENTION_INTERVAL_SECONDS": "0.5",
            },
            "matching": {
                **{f"MATCHING_{k}": v for k, v in fast.items()},
                "MATCHING_OFFER_EXPIRY_INTERVAL_SECONDS": "1",
            },
            "notifications": {"NOTIFICATIONS_LOG_LEVEL": "INFO"},
            "reporting": {"REPORTING_LOG_LEVEL": "INFO"},
            # the demo moves the clocks of applications, matching, selection and training
            # together (no training step runs here: the hires follow the offers)
            "training": {f"TRAINING_{k}": v for k, v in fast.items()},
        },
    )
    cluster.start()
    found: Retained | None = None
    try:
        urls = {name: cluster[name].url for name in INSTALLED_SERVICES}
        endpoints = Endpoints(**urls, operations_token=cluster.secrets["OPERATIONS_TOKEN"])
        state_file = workdir / "demo-state.json"
        funnel = run_demo(
            endpoints,
            state_file=state_file,
            programme_files=[PROGRAMME_FILE],
            applicants=COHORT,
            console=Console(file=io.StringIO()),
            through_training=False,
        )
        state = DemoState.load(state_file, 2020)
        by_index = {str(p.index): p for p in population.applicants(2020, COHORT)}
        people = {a["application_id"]: by_index[i] for i, a in state.applicants.items()}
        found = Retained(cluster, endpoints, state, people, funnel)
        yield found
    finally:
        if found is not None and found.replica is not None:
            found.replica.stop()
        cluster.stop()


OUTCOMES = {"ineligible", "rejected", "withdrawn", "hired"}
DEFAULT_PERIODS = {"unsuccessful_months": 6, "withdrawn_months": 6, "participant_months": 24}


def stored_phone(body: dict[str, Any]) -> str:
    """The phone number as the applications service keeps it (E.164, no spaces)."""
    return str(body["contact"]["phone"]).replace(" ", "")


async def test_a_subject_access_export_holds_all_about_the_applicant_and_nothing_else(
    retained: Retained,
) -> None:
    interviewed = await query(
        retained.dsn("selection"),
        "SELECT DISTINCT application_id::text AS id FROM panel_scores WHERE feedback IS NOT NULL",
    )
    application_id = next(r["id"] for r in interviewed if r["id"] not in retained.state.erased)
    person = retained.people[application_id].body

    document = await asyncio.to_thread(subject_access.gather, retained.endpoints, application_id)

    held = document["applications"]
    assert {k: held["contact"][k] for k in person["contact"]} == {
        **person["contact"],
        "phone": stored_phone(person),
    }
    assert held["contact"]["consent_given_at"] is not None
    application = held["application"]
    assert application["right_to_work_uk"] == person["right_to_work_uk"]
    for field in ("body", "first_registered", "last_practised", "currently_practising"):
        assert application["registration"][field] == person["registration"][field], field
    assert application["preferences"] == person["preferences"]
    assert [e["type"] for e in held["timeline"]][:1] == ["submitted"]
    assert document["matching"]["applicant"]["inputs"] is not None
    feedback = await query(
        retained.dsn("selection"),
        "SELECT feedback FROM panel_scores WHERE application_id = $1 ORDER BY scored_at,"
        " assessor_id",
        uuid.UUID(application_id),
    )
    assert [s["feedback"] for s in document["selection"]["panel_scores"]] == [
        f["feedback"] for f in feedback
    ]
    text = json.dumps(document)
    for other_id, other in retained.people.items():
        if other_id != application_id:
            assert other_id not in text
            assert other.body["contact"]["email"] not in text
            assert stored_phone(other.body) not in text


async def test_past_six_months_two_replicas_erase_the_unsuccessful_and_withdrawn_once_each(
    retained: Retained,
) -> None:
    before = await retained.outcomes()
    for row in before.values():
        assert (row["erase_after"] is not None) == (row["status"] in OUTCOMES), dict(row)
    purposes = Counter(r["retention_purpose"] for r in before.values() if r["erased_at"] is None)
    assert purposes["unsuccessful"], purposes
    assert purposes["participant"], purposes
    view = await retained.retention_view()
    assert view["periods"] == DEFAULT_PERIODS
    async with httpx.AsyncClient() as client:
        for base in (retained.endpoints.applications, retained.endpoints.matching):
            shown = await client.get(f"{base}/programmes/{population.PROGRAMME}")
            assert shown.json()["retention"] == DEFAULT_PERIODS, base
    assert sum(d["applicants"] for d in view["due"]) == sum(
        1 for r in before.values() if r["erase_after"] is not None and r["erased_at"] is None
    )
    due = {
        i
        for i, r in before.items()
        if r["retention_purpose"] in ("unsuccessful", "withdrawn") and r["erased_at"] is None
    }

    await asyncio.to_thread(retained.start_replica)
    await retained.advance_clocks(PAST_SIX_MONTHS)

    after = await eventually(
        retained.outcomes,
        until=lambda rows: all(rows[i]["erased_at"] is not None for i in due),
        timeout=120,
        what="the unsuccessful and withdrawn applicants erased",
    )
    newly_erased = {i for i, r in after.items() if r["erased_at"] and not before[i]["erased_at"]}
    assert newly_erased == due
    assert {after[i]["erasure_reason"] for i in due} == {"retention"}
    published = await eventually(
        retained.erasures_published,
        until=lambda found: sum(found.values()) >= len(due) + len(retained.state.erased),
        timeout=60,
        what="applicant.erased on the topic",
    )
    assert published == Counter(
        {(i, "retention"): 1 for i in due} | {(i, "request"): 1 for i in retained.state.erased}
    )
    view = await retained.retention_view()
    assert {(e["application_id"], e["reason"]) for e in view["erased"]} == set(published)


async def test_past_every_date_the_personal_data_is_gone_and_the_statistics_stay(
    retained: Retained,
) -> None:
    before = await retained.outcomes()
    hired = {i for i, r in before.items() if r["retention_purpose"] == "participant"}
    assert hired
    assert not any(before[i]["erased_at"] for i in hired - set(retained.state.erased))

    await retained.advance_clocks(PAST_TWENTY_FOUR_MONTHS)

    after = await eventually(
        retained.outcomes,
        until=lambda rows: all(rows[i]["erased_at"] is not None for i in hired),
        timeout=120,
        what="the hired erased",
    )
    erased = {i for i, r in after.items() if r["erased_at"] is not None}
    kept = set(after) - erased
    assert {after[i]["status"] for i in kept}.isdisjoint(OUTCOMES)

    # No service's database holds an erased applicant's address or phone number any more;
    # those of applicants still in progress are still held (by applications alone).
    databases = {name: await database_text(retained.dsn(name)) for name in INSTALLED_SERVICES}
    for application_id in erased:
        contact = retained.people[application_id].body["contact"]
        for name, text in databases.items():
            assert contact["email"] not in text, (name, application_id)
            assert stored_phone(retained.people[application_id].body) not in text
    for application_id in kept:
        assert retained.people[application_id].body["contact"]["email"] in databases["applications"]
    # Selection and matching erase what they hold when applicant.erased reaches them, a
    # moment after applications has erased its own.
    for service, still_held, what in (
        (
            "selection",
            "SELECT count(*) FROM panel_scores WHERE feedback IS NOT NULL"
            " AND application_id = ANY($1::uuid[])",
            "the erased candidates' feedback gone from selection",
        ),
        (
            "matching",
            "SELECT count(*) FROM applicants WHERE inputs IS NOT NULL"
            " AND application_id = ANY($1::uuid[])",
            "the erased applicants' answers gone from matching",
        ),
    ):
        left = await eventually(
            partial(_left, retained.dsn(service), still_held, erased),
            until=lambda n: n == 0,
            timeout=60,
            what=what,
        )
        assert left == 0, what

    published = await eventually(
        retained.erasures_published,
        until=lambda found: sum(found.values()) >= len(erased),
        timeout=60,
        what="applicant.erased on the topic",
    )
    assert Counter(i for i, _ in published.elements()) == Counter(erased)

    client = DemoClient(retained.endpoints)
    try:
        funnel = await eventually(
            lambda: asyncio.to_thread(client.funnel, population.PROGRAMME),
            until=lambda f: f.get("submitted") == COHORT,
        )
    finally:
        client.close()
    assert {k: funnel[k] for k in STAGES} == {k: retained.funnel[k] for k in STAGES}

    people = retained.people.values()
    for log in sorted(retained.cluster.workdir.glob("*.log")):
        text = log.read_text(errors="replace")
        assert text, f"{log.name} is empty: the scan would prove nothing"
        for person in people:
            assert person.body["contact"]["email"] not in text, log.name
            assert stored_phone(person.body) not in text, log.name


STAGES = (
    "submitted",
    "eligible",
    "ineligible",
    "selected",
    "rejected",
    "offered",
    "accepted",
    "hired",
    "withdrawn",
)


async def _left(dsn: str, count: str, application_ids: set[Any]) -> int:
    """What ``count`` counts of the applications, in the database at ``dsn``."""
    [row] = await query(dsn, count, list(application_ids))
    return int(row[0])

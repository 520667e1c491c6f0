"""The training journey's driver: ``Journey`` does each step through the services' public
HTTP APIs as applicants, referees, councils, the training provider and operations would, and
writes down every fact the services accepted in the applicant's ``KnownPlacement``."""

import asyncio
import email
import email.utils
import os
import re
import sys
from datetime import UTC, date, datetime, timedelta
from email.policy import default
from pathlib import Path
from typing import Any

import httpx

from returners_cli.http_auth import bearer
from returners_cli.testing.cluster import ProcessCluster
from returners_cli.testing.polling import eventually
from returners_cli.testing.programmes import programme_without_selection
from returners_cli.testing.submissions import submission_body

from .known_outcomes import Entry, KnownPlacement
from .training_cast import (
    PLANS,
    SLOTS,
    STARTS_ON,
    Applicant,
    Council,
    referees_body,
)

WAIT = 120  # seconds any asynchronous outcome may take
REFERENCE_LINK = re.compile(r"/references/([0-9a-f-]{36})/(\S+)")
PROVIDER_KINDS = ("workshop", "interview_preparation")


class Journey:
    def __init__(self, http: httpx.AsyncClient, cluster: ProcessCluster, programme_id: str) -> None:
        self.http = http
        self.cluster = cluster
        self.applications = cluster["applications"].url
        self.matching = cluster["matching"].url
        self.training = cluster["training"].url
        self.reporting = cluster["reporting"].url
        self.ops = bearer(cluster.secrets["OPERATIONS_TOKEN"])
        self.programme_id = programme_id
        self.provider: dict[str, str] = {}
        self.councils: dict[tuple[str, str], Council] = {}
        self.people: list[Applicant] = []

    # -- calls ----------------------------------------------------------------------------

    async def call(self, method: str, url: str, expected: int = 200, **kwargs: Any) -> Any:
        """The answer's JSON, once its status is the one expected."""
        response = await self.http.request(method, url, **kwargs)
        assert response.status_code == expected, (method, url, response.text)
        return response.json() if response.content else None

    async def status(self, a: Applicant) -> dict[str, Any]:
        url = f"{self.applications}/applications/{a.application_id}"
        return await self.call("GET", url, headers=a.auth)

    async def all_reach(
        self, people: list[Applicant], check: Any, what: str
    ) -> list[dict[str, Any]]:
        """The applicants' status views, once each passes ``check``."""

        async def views() -> list[dict[str, Any]]:
            return list(await asyncio.gather(*(self.status(a) for a in people)))

        return await eventually(
            views,
            until=lambda vs: all(check(v) for v in vs),
            timeout=WAIT,
            interval=0.3,
            what=what,
        )

    def placement_url(self, a: Applicant) -> str:
        return f"{self.training}/councils/{a.council.council_id}/placements/{a.application_id}"

    async def placement(self, a: Applicant) -> dict[str, Any]:
        return await self.call("GET", self.placement_url(a), headers=a.council.key)

    async def placements_reach(self, people: list[Applicant], check: Any, what: str) -> None:
        async def views() -> list[dict[str, Any]]:
            return list(await asyncio.gather(*(self.placement(a) for a in people)))

        await eventually(
            views,
            until=lambda vs: all(check(v) for v in vs),
            timeout=WAIT,
            interval=0.3,
            what=what,
        )

    async def council_call(
        self, a: Applicant, method: str, path: str, expected: int = 200, **kwargs: Any
    ) -> dict[str, Any]:
        """A call of the applicant's council about their placement (its key)."""
        url = f"{self.placement_url(a)}{path}"
        return await self.call(method, url, expected, headers=a.council.key, **kwargs)

    # -- set-up ---------------------------------------------------------------------------

    async def publish_programme(self) -> None:
        """The programme, a council for each region (operations), the training provider."""
        now = datetime.now(UTC)
        programme = programme_without_selection(
            self.programme_id,
            title="Return to Social Work (training journey)",
            opens_at=(now - timedelta(days=230)).isoformat(),
            closes_at=(now + timedelta(days=60)).isoformat(),
            starts_on=STARTS_ON.isoformat(),
        )
        admin = f"{self.matching}/admin"
        await self.call("POST", f"{admin}/programmes", 201, json=programme, headers=self.ops)
        for bucket in SLOTS:
            name = f"{bucket[0]} Council ({self.programme_id})"
            issued = await self.call(
                "POST", f"{admin}/councils", 201, json={"name": name}, headers=self.ops
            )
            self.councils[bucket] = Council(
                name, issued["council_id"], bearer(issued["api_key"]), bucket[0]
            )
        provider = await self.call(
            "POST",
            f"{self.training}/admin/providers",
            201,
            json={"name": "Practice Skills Ltd", "programme_id": self.programme_id},
            headers=self.ops,
        )
        self.provider = bearer(provider["api_key"])

    async def submit_everyone(self) -> None:
        """Each plan's applicant applies; returns once every one is eligible."""
        for n, plan in enumerate(PLANS):
            last_practised = STARTS_ON - timedelta(days=365 * plan.years_out + 60)
            body = submission_body(
                self.programme_id,
                contact={
                    "family_name": f"Returner{n}",
                    "email": f"returner{n}.{self.programme_id}@example.org",
                },
                registration={"last_practised": last_practised.isoformat()},
                preferences={"regions": [plan.bucket[0]], "specialisms": [plan.bucket[1]]},
            )
            created = await eventually(  # the first waits for applications to know the programme
                lambda body=body: self.http.post(f"{self.applications}/applications", json=body),
                until=lambda r: r.status_code != 409,
                timeout=WAIT,
                what="the programme to reach the applications service",
            )
            assert created.status_code == 201, created.text
            self.people.append(
                Applicant(
                    n,
                    plan,
                    created.json()["application_id"],
                    created.json()["access_token"],
                    self.councils[plan.bucket],
                )
            )
        views = await self.all_reach(self.people, lambda v: v["status"] == "eligible", "eligible")
        for a, view in zip(self.people, views, strict=True):
            assert view["eligibility"]["updating_days"] * 7 == a.required_hours, view

    async def post_vacancies(self) -> dict[tuple[str, str], str]:
        vacancies = {}
        for bucket, slots in SLOTS.items():
            council = self.councils[bucket]
            vacancy = await self.call(
                "POST",
                f"{self.matching}/councils/{council.council_id}/vacancies",
                201,
                json={
                    "programme_id": self.programme_id,
                    "region": bucket[0],
                    "specialism": bucket[1],
                    "slots": slots,
                    "starts_on": STARTS_ON.isoformat(),
                },
                headers=council.key,
            )
            vacancies[bucket] = vacancy["vacancy_id"]
        return vacancies

    # -- steps ----------------------------------------------------------------------------

    async def accept(self, a: Applicant, vacancy_id: str) -> None:
        """Accept the vacancy's offer; returns once training opened the placement."""
        [offer] = [o for o in (await self.status(a))["offers"] if o["status"] == "offered"]
        assert offer["vacancy_id"] == vacancy_id, offer
        await self.call(
            "POST",
            f"{self.applications}/applications/{a.application_id}/offers/{offer['offer_id']}/accept",
            headers=a.auth,
        )
        opened = await eventually(
            lambda: self.http.get(self.placement_url(a), headers=a.council.key),
            until=lambda r: r.status_code == 200,
            timeout=WAIT,
            what="training to open the placement",
        )
        assert opened.json()["status"] == "awaiting_conditions", opened.text
        assert opened.json()["hours_required"] == a.required_hours
        assert opened.json()["vacancy_id"] == vacancy_id
        a.opened = KnownPlacement(a.application_id, a.council.council_id, a.council.region, a.band)

    async def check(
        self, a: Applicant, condition: str, status: str, reason: str | None = None
    ) -> dict[str, Any]:
        """The council records a condition of the offer."""
        body = {"status": status} | ({"reason": reason} if reason else {})
        return await self.council_call(a, "PUT", f"/conditions/{condition}", json=body)

    async def give_referees(self, a: Applicant) -> None:
        body = referees_body(
            a.referees(self.programme_id),
            employed_in_last_three_years=not a.plan.character_referee,
        )
        url = f"{self.applications}/applications/{a.application_id}/referees"
        view = await self.call("POST", url, json=body, headers=a.auth)
        kinds = [r["referee_kind"] for r in view["references"]]
        second = "character" if a.plan.character_referee else "employer"
        assert kinds == ["employer", second], view["references"]

    async def referees_answer(self, people: list[Applicant]) -> None:
        """Each referee answers through the one-time link notifications emailed them; a link
        works once."""
        addresses = {r.email for a in people for r in a.referees(self.programme_id)}
        links = await eventually(
            lambda: asyncio.to_thread(reference_links, self.cluster.maildir, self.programme_id),
            until=lambda found: addresses <= set(found),
            timeout=WAIT,
            what="every referee's emailed link",
        )
        statement = "A careful, reflective practitioner; I recommend them warmly."
        for address in sorted(addresses):
            reference_id, token = links[address]
            url = f"{self.applications}/references/{reference_id}/answer"
            answer = {"token": token, "outcome": "satisfactory", "statement": statement}
            await self.call("POST", url, json=answer)
        again = await self.http.post(url, json=answer)
        assert again.status_code == 404, again.text

    async def log(self, a: Applicant, on: date, hours: float, kind: str, **more: Any) -> str:
        """One entry, by the training provider with its key (workshops and interview
        preparation) or by the council (the rest); the entry's id."""
        body = {"on": on.isoformat(), "hours": hours, "kind": kind, **more}
        if kind in PROVIDER_KINDS:
            url = f"{self.training}/provider/placements/{a.application_id}/hours"
            entry = await self.call("POST", url, 201, json=body, headers=self.provider)
            assert entry["logged_by"] == "provider", entry
        else:
            entry = await self.council_call(a, "POST", "/hours", 201, json=body)
        a.placement.log(entry["entry_id"], Entry(kind, hours, more.get("supersedes")))
        return str(entry["entry_id"])

    async def hours_file(
        self, council: Council, rows: list[tuple[Applicant, date, float, str]], bad: int | None
    ) -> None:
        """The council's CSV file; ``bad``: where a row with a misspelt kind goes (reported by
        its line and field, every other row saved)."""
        lines = [f"{a.application_id},{on},{hours:g},{kind}" for a, on, hours, kind in rows]
        if bad is not None:
            a, on, hours, _ = rows[bad]
            lines.insert(bad, f"{a.application_id},{on},{hours:g},placment")
        saved = await self.call(
            "POST",
            f"{self.training}/councils/{council.council_id}/hours",
            content=("application_id,on,hours,kind\n" + "\n".join(lines) + "\n").encode(),
            headers={**council.key, "Content-Type": "text/csv"},
        )
        assert saved["accepted"] == len(rows), saved
        refused = [] if bad is None else [(bad + 2, "kind")]  # the header is line 1
        assert [(e["row"], e["field"]) for e in saved["errors"]] == refused, saved["errors"]
        for (a, _, hours, kind), entry_id in zip(rows, saved["entries"], strict=True):
            a.placement.log(entry_id, Entry(kind, hours))

    async def outcome_report(self) -> dict[str, Any]:
        url = f"{self.reporting}/reports/programmes/{self.programme_id}/outcomes"
        return await self.call("GET", url, headers=self.ops)


def reference_links(maildir: Path, programme_id: str) -> dict[str, tuple[str, str]]:
    """For each of the programme's referees' addresses, the reference id and token of the
    link emailed there."""
    links = {}
    for path in sorted([*(maildir / "new").glob("*"), *(maildir / "cur").glob("*")]):
        message: Any = email.message_from_bytes(path.read_bytes(), policy=default)
        address = email.utils.parseaddr(str(message["To"]))[1]
        if not address.endswith(f".{programme_id}@example.org"):
            continue
        text = message.get_body(preferencelist=("plain",)).get_content()
        if found := REFERENCE_LINK.search(text):
            links[address] = (found.group(1), found.group(2))
    return links


async def rebuild_reporting(cluster: ProcessCluster) -> int:
    """``python -m reporting.rebuild`` with the cluster's reporting settings, as an operator
    runs it beside the live service: every read model emptied and every topic replayed from
    offset zero. How many records it replayed."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "reporting.rebuild",
        env={**os.environ, **cluster["reporting"].env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(process.communicate(), timeout=300)
    said = err.decode(errors="replace")
    assert process.returncode == 0, said
    replayed = re.search(r"rebuilt from (\d+) records", said)
    assert replayed is not None, said
    return int(replayed.group(1))

"""Programmes of other professions, end to end over HTTP and Kafka (every service a real
process): a planning programme and an ICT programme, each with its own job families and
rules (the LGA's 2020-21 cohorts: a career break of 12 months or more to care, or while
unemployed; planning asks for 2 years' experience in planning or a related field; ICT has no
register and asks for none), with two councils posting vacancies in both. Applicants apply
through the applications service with the answers their programme asks for (one who leaves
out what planning requires is refused, naming it), are decided by their programme's rules,
matched in the job families they chose, accept or decline, and are hired. Each programme's
reasons and funnel in reporting are exactly what the test did."""

import asyncio
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from returners_cli.http_auth import bearer
from returners_cli.testing.cluster import ProcessCluster
from returners_cli.testing.polling import eventually
from returners_cli.testing.submissions import submission_body
from returners_platform.contracts.eligibility_rules import EligibilityRules, reasons_applied
from returners_platform.contracts.events import ProgrammePublishedV3
from returners_platform.contracts.examples import EXAMPLES

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600), pytest.mark.long(minutes=1)]

WAIT = 120
STARTS_ON = "2027-05-04"
CARING_BREAK = {"reasons": ["caring", "carer_unemployed", "long_term_unemployed"], "min_months": 12}


def _planning_fields() -> list[str]:
    """The fields the LGA's 2020-21 planning cohort counted as planning "or a related field"
    (its frozen example)."""
    planning = EXAMPLES[ProgrammePublishedV3]
    assert isinstance(planning, ProgrammePublishedV3)
    relevant = planning.eligibility.relevant_experience
    assert relevant is not None
    return list(relevant.fields)


PLANNING_FIELDS = _planning_fields()


def programme(
    programme_id: str, profession: str, families: dict[str, str], rules: dict[str, Any]
) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {
        "programme_id": programme_id,
        "title": f"{profession.upper()} returners ({programme_id})",
        "profession": profession,
        "opens_at": (now - timedelta(days=30)).isoformat(),
        "closes_at": (now + timedelta(days=60)).isoformat(),
        "timezone": "Europe/London",
        "starts_on": STARTS_ON,
        "places": 20,
        "updating_days": [{"from_years": 0, "days": 40}],
        "offer_window_days": 7,
        "regions": ["London", "South East"],
        "job_families": [{"code": c, "label": label} for c, label in families.items()],
        "eligibility": rules,
    }


@dataclass
class Applicant:
    name: str
    programme_id: str
    history: dict[str, Any]
    family: str
    right_to_work_uk: bool = True
    reasons: list[str] = field(default_factory=list)  # what the programme's rules refuse
    application_id: str = ""
    token: str = ""

    def body(self) -> dict[str, Any]:
        base = submission_body(
            self.programme_id,
            contact={"email": f"{self.name}.{self.programme_id}@example.org"},
        )
        del base["registration"]
        return {
            **base,
            "right_to_work_uk": self.right_to_work_uk,
            "history": dict(self.history),
            "preferences": {"regions": ["South East"], "job_families": [self.family]},
        }


def out_since(year: int, **more: Any) -> dict[str, Any]:
    return {"last_practised": f"{year}-06-30", "currently_practising": False, **more}


def caring(months: int, reason: str = "caring") -> dict[str, Any]:
    return {"reason": reason, "months": months}


class Journey:
    def __init__(self, http: httpx.AsyncClient, cluster: ProcessCluster) -> None:
        self.http = http
        self.applications = cluster["applications"].url
        self.matching = cluster["matching"].url
        self.reporting = cluster["reporting"].url
        self.ops = bearer(cluster.secrets["OPERATIONS_TOKEN"])

    async def call(self, method: str, url: str, expected: int = 200, **kwargs: Any) -> Any:
        response = await self.http.request(method, url, **kwargs)
        assert response.status_code == expected, f"{method} {url}: {response.text}"
        return response.json()

    async def apply(self, body: dict[str, Any]) -> httpx.Response:
        """Apply, once the applications service has heard of the programme."""
        return await eventually(
            lambda: self.http.post(f"{self.applications}/applications", json=body),
            until=lambda r: r.status_code != 409,
            timeout=WAIT,
            what="the programme to reach the applications service",
        )

    async def status(self, a: Applicant) -> dict[str, Any]:
        return dict(
            await self.call(
                "GET",
                f"{self.applications}/applications/{a.application_id}",
                headers=bearer(a.token),
            )
        )

    async def reach(self, people: list[Applicant], check: Any, what: str) -> list[dict[str, Any]]:
        async def views() -> list[dict[str, Any]]:
            return list(await asyncio.gather(*(self.status(a) for a in people)))

        return await eventually(
            views, until=lambda found: all(check(v) for v in found), timeout=WAIT, what=what
        )

    async def council(self, name: str) -> tuple[str, dict[str, str]]:
        issued = await self.call(
            "POST", f"{self.matching}/admin/councils", 201, json={"name": name}, headers=self.ops
        )
        return issued["council_id"], bearer(issued["api_key"])

    async def vacancy(
        self, council: tuple[str, dict[str, str]], programme_id: str, family: str, slots: int
    ) -> None:
        await self.call(
            "POST",
            f"{self.matching}/councils/{council[0]}/vacancies",
            201,
            json={
                "programme_id": programme_id,
                "region": "South East",
                "specialism": family,
                "slots": slots,
                "starts_on": STARTS_ON,
            },
            headers=council[1],
        )

    async def answer(self, a: Applicant, verb: str) -> dict[str, Any]:
        [view] = await self.reach([a], lambda v: bool(v["offers"]), f"{a.name}'s offer")
        [offer] = view["offers"]
        await self.call(
            "POST",
            f"{self.applications}/applications/{a.application_id}/offers/{offer['offer_id']}/{verb}",
            headers=bearer(a.token),
        )
        return dict(offer)

    async def funnel(self, programme_id: str, until: Any) -> dict[str, Any]:
        async def read() -> dict[str, Any]:
            response = await self.http.get(
                f"{self.reporting}/reports/programmes/{programme_id}/funnel", headers=self.ops
            )
            return dict(response.json()) if response.status_code == 200 else {}

        return await eventually(read, until=until, timeout=WAIT, what="the funnel")


async def test_planning_and_ict_programmes_decide_match_and_hire_by_their_own_rules(
    cluster: ProcessCluster,
) -> None:
    suffix = uuid.uuid4().hex[:8]
    planning_id, ict_id = f"planning-{suffix}", f"ict-{suffix}"
    planning = Applicant
    people = [
        # planning: 2 years' experience in planning or a related field, a caring break
        planning(
            "p-planner",
            planning_id,
            out_since(
                2019, experience=[{"field": "town_planning", "years": 4}], career_break=caring(38)
            ),
            "development_management",
        ),
        planning(
            "p-architect",
            planning_id,
            out_since(
                2018,
                experience=[
                    {"field": "architecture", "years": 1},
                    {"field": "engineering", "years": 1.5},
                ],
                career_break=caring(14, "long_term_unemployed"),
            ),
            "development_management",
        ),
        planning(
            "p-policy",
            planning_id,
            out_since(
                2020,
                experience=[{"field": "town_planning", "years": 2}],
                career_break=caring(12, "carer_unemployed"),
            ),
            "planning_policy",
        ),
        planning(
            "p-marketer",
            planning_id,
            out_since(
                2019, experience=[{"field": "marketing", "years": 6}], career_break=caring(30)
            ),
            "development_management",
            reasons=["relevant_experience"],
        ),
        planning(
            "p-sabbatical",
            planning_id,
            out_since(
                2019,
                experience=[{"field": "town_planning", "years": 5}],
                career_break=caring(24, "other"),
            ),
            "planning_policy",
            reasons=["career_break"],
        ),
        planning(
            "p-working",
            planning_id,
            {
                **out_since(
                    2019, experience=[{"field": "legal", "years": 3}], career_break=caring(20)
                ),
                "currently_practising": True,
            },
            "development_management",
            right_to_work_uk=False,
            reasons=["not_currently_practising", "right_to_work"],
        ),
        # ICT: a caring break of 12 months or more; no register, no experience asked
        planning("i-carer", ict_id, out_since(2021, career_break=caring(18)), "cyber_security"),
        planning(
            "i-unemployed",
            ict_id,
            out_since(2022, career_break=caring(12, "carer_unemployed")),
            "service_design",
        ),
        planning(
            "i-short",
            ict_id,
            out_since(2023, career_break=caring(11)),
            "cyber_security",
            reasons=["career_break"],
        ),
        planning(
            "i-no-visa",
            ict_id,
            out_since(2021, career_break=caring(40)),
            "cyber_security",
            right_to_work_uk=False,
            reasons=["right_to_work"],
        ),
    ]
    rules: dict[str, dict[str, Any]] = {
        planning_id: {
            "relevant_experience": {"min_years": 2, "fields": PLANNING_FIELDS},
            "career_break": CARING_BREAK,
            "not_currently_practising": {},
            "right_to_work": {},
        },
        ict_id: {"career_break": CARING_BREAK, "not_currently_practising": {}, "right_to_work": {}},
    }
    async with httpx.AsyncClient(timeout=30) as http:
        j = Journey(http, cluster)
        await j.call(
            "POST",
            f"{j.matching}/admin/programmes",
            201,
            json=programme(
                planning_id,
                "planning",
                {
                    "development_management": "Development management",
                    "planning_policy": "Planning policy",
                },
                rules[planning_id],
            ),
            headers=j.ops,
        )
        await j.call(
            "POST",
            f"{j.matching}/admin/programmes",
            201,
            json=programme(
                ict_id,
                "ict",
                {"cyber_security": "Cyber security", "service_design": "Digital service design"},
                rules[ict_id],
            ),
            headers=j.ops,
        )
        shown = await j.call("GET", f"{j.matching}/programmes/{ict_id}")
        assert "previously_registered" not in {k for k, v in shown["eligibility"].items() if v}

        # A planner who leaves out their experience is refused, naming it; nothing is kept.
        incomplete = people[0].body()
        del incomplete["history"]["experience"]
        refused = await j.apply(incomplete)
        assert refused.status_code == 422, refused.text
        assert refused.json()["errors"][0]["field"] == "history.experience"

        for a in people:
            created = await j.apply(a.body())
            assert created.status_code == 201, created.text
            a.application_id, a.token = (
                created.json()["application_id"],
                created.json()["access_token"],
            )
        views = await j.reach(people, lambda v: v["eligibility"] is not None, "every decision")
        for a, view in zip(people, views, strict=True):
            assert view["eligibility"]["reasons"] == a.reasons, (a.name, view["eligibility"])
            assert view["status"] == ("ineligible" if a.reasons else "eligible"), a.name
            if not a.reasons:
                assert view["eligibility"]["updating_days"] == 40, a.name

        # Two councils post in both programmes; each eligible applicant is offered a place in
        # the job family they chose.
        surrey = await j.council(f"Surrey County Council ({suffix})")
        kent = await j.council(f"Kent County Council ({suffix})")
        await j.vacancy(surrey, planning_id, "development_management", 2)
        await j.vacancy(kent, planning_id, "planning_policy", 1)
        await j.vacancy(kent, ict_id, "cyber_security", 1)
        await j.vacancy(surrey, ict_id, "service_design", 1)
        eligible = [a for a in people if not a.reasons]
        for a in eligible:
            offer = await j.answer(a, "decline" if a.name == "p-policy" else "accept")
            assert offer["specialism"] == a.family, (a.name, offer)
        accepted = [a for a in eligible if a.name != "p-policy"]
        await j.reach(accepted, lambda v: v["status"] == "accepted", "the acceptances")
        for a in accepted:
            council = surrey if a.family in ("development_management", "service_design") else kent
            hired = await eventually(  # once matching has heard of the acceptance
                lambda a=a, council=council: http.post(
                    f"{j.matching}/councils/{council[0]}/hires",
                    json={"application_id": a.application_id},
                    headers=council[1],
                ),
                until=lambda r: r.status_code != 409,
                timeout=WAIT,
                what="matching to hear of the acceptance",
            )
            assert hired.status_code == 201, hired.text
        await j.reach(accepted, lambda v: v["status"] == "hired", "the hires")

        for programme_id in (planning_id, ict_id):
            mine = [a for a in people if a.programme_id == programme_id]
            took = [a for a in accepted if a.programme_id == programme_id]
            expected = {
                "submitted": len(mine),
                "eligible": sum(not a.reasons for a in mine),
                "ineligible": sum(bool(a.reasons) for a in mine),
                "ineligible_by_reason": _tally(mine, rules[programme_id]),
                "offered": sum(not a.reasons for a in mine),
                "accepted": len(took),
                "declined": sum(a.name == "p-policy" for a in mine),
                "expired": 0,
                "hired": len(took),
                "withdrawn": 0,
                "places": 20,
                "places_filled": len(took),
            }
            funnel = await j.funnel(
                programme_id, until=lambda f, e=expected: f.get("hired") == e["hired"]
            )
            assert {k: funnel[k] for k in expected} == expected, programme_id


def _tally(people: list[Applicant], rules: dict[str, Any]) -> dict[str, int]:
    """Each rule the programme applies (and the window), with how many it refused."""
    applied = reasons_applied(EligibilityRules.model_validate(rules))
    tally = {reason.value: 0 for reason in applied}
    for a in people:
        for reason in a.reasons:
            tally[reason] = tally.get(reason, 0) + 1
    return tally

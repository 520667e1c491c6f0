"""A programme with selection, end to end over HTTP and Kafka (every service a real process):
40 eligible applicants and 10 places go through the assessment (one results file with two
bad rows), interviews (a did-not-attend, a tie on score), the results and matching; then a
selected applicant withdraws and the first on the waitlist is promoted and offered a place."""

import asyncio
import email.header
import email.utils
import mailbox
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from returners_cli.http_auth import bearer
from returners_cli.testing.cluster import ProcessCluster
from returners_cli.testing.polling import eventually
from returners_cli.testing.programmes import programme_with_selection
from returners_cli.testing.submissions import submission_body

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600), pytest.mark.long(minutes=1)]

ROOT = Path(__file__).resolve().parents[2]
PLACES = 10
APPLICANTS = 40
CRITERIA = ["values", "knowledge_and_skills", "reflective_practice", "communication"]


class Journey:
    def __init__(self, http: httpx.AsyncClient, cluster: ProcessCluster) -> None:
        self.http = http
        self.applications = cluster["applications"].url
        self.matching = cluster["matching"].url
        self.selection = cluster["selection"].url
        self.ops = bearer(cluster.secrets["OPERATIONS_TOKEN"])
        self.applicants: list[tuple[str, str]] = []  # (application id, token), submission order

    async def submit(self, programme_id: str, n: int) -> httpx.Response:
        body = submission_body(
            programme_id,
            contact={"email": f"candidate{n}@example.org"},
            registration={"last_practised": "2020-06-30"},  # 6.8 years out: eligible
        )
        return await self.http.post(f"{self.applications}/applications", json=body)

    async def status(self, n: int) -> dict[str, Any]:
        application_id, token = self.applicants[n]
        response = await self.http.get(
            f"{self.applications}/applications/{application_id}", headers=bearer(token)
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    async def statuses(self, which: range | list[int]) -> list[dict[str, Any]]:
        return list(await asyncio.gather(*(self.status(n) for n in which)))

    async def all_reach(self, which: range | list[int], check: Any, what: str) -> None:
        await eventually(
            lambda: self.statuses(which),
            until=lambda found: all(check(s) for s in found),
            timeout=120,
            what=what,
        )

    async def results_file(self, programme_id: str, csv: str) -> httpx.Response:
        return await self.http.post(
            f"{self.selection}/programmes/{programme_id}/assessment-results",
            content=csv.encode(),
            headers={**self.ops, "Content-Type": "text/csv"},
        )

    async def assessor(self, programme_id: str, name: str) -> dict[str, str]:
        issued = await self.http.post(
            f"{self.selection}/admin/assessors",
            json={"name": name, "programme_id": programme_id},
            headers=self.ops,
        )
        assert issued.status_code == 201, issued.text
        return bearer(issued.json()["api_key"])

    async def score(
        self, programme_id: str, member: dict[str, str], n: int, scores: list[int]
    ) -> httpx.Response:
        return await self.http.post(
            f"{self.selection}/programmes/{programme_id}/interviews/{self.applicants[n][0]}/scores",
            json={"scores": dict(zip(CRITERIA, scores, strict=True)), "feedback": f"On {n}."},
            headers=member,
        )


def _subjects(cluster: ProcessCluster) -> dict[str, list[str]]:
    """Each address's email subjects, from the cluster's mail catcher."""
    found: dict[str, list[str]] = {}
    for message in mailbox.Maildir(cluster.maildir, create=False):
        folded = str(email.header.make_header(email.header.decode_header(message["Subject"])))
        subject = " ".join(folded.split())  # a long subject comes folded over two lines
        address = email.utils.parseaddr(str(message["To"]))[1]
        found.setdefault(address, []).append(subject)
    return found


def _tie_pair(ids: list[str], among: range) -> tuple[int, int]:
    """Two candidates, the earlier submitted with the greater application id: ranking them
    by submission time and by id would disagree, so the test sees which one decides."""
    for x in among:
        for y in among:
            if x < y and uuid.UUID(ids[x]) > uuid.UUID(ids[y]):
                return x, y
    raise AssertionError("no pair of application ids out of submission order")


async def test_forty_applicants_ten_places_through_assessment_interview_results_and_matching(
    cluster: ProcessCluster,
) -> None:
    # Idle connections are dropped after 1 s, long before the services' keep-alive (5 s)
    # ends them: a request never goes out on a connection the server is closing.
    limits = httpx.Limits(keepalive_expiry=1.0)
    async with httpx.AsyncClient(timeout=30, limits=limits) as http:
        journey = Journey(http, cluster)
        programme = programme_with_selection(f"sel-{uuid.uuid4().hex[:10]}", places=PLACES)
        pid = programme["programme_id"]
        published = await http.post(
            f"{journey.matching}/admin/programmes", json=programme, headers=journey.ops
        )
        assert published.status_code == 201, published.text
        council = await http.post(
            f"{journey.matching}/admin/councils",
            json={"name": f"Selection Council {pid}"},
            headers=journey.ops,
        )
        assert council.status_code == 201, council.text
        council_id, council_key = council.json()["council_id"], council.json()["api_key"]
        vacancy = await http.post(
            f"{journey.matching}/councils/{council_id}/vacancies",
            json={
                "programme_id": pid,
                "region": "South East",
                "specialism": "children",
                "slots": PLACES + 5,
                "starts_on": programme["starts_on"],
            },
            headers=bearer(council_key),
        )
        assert vacancy.status_code == 201, vacancy.text

        # ---- 40 eligible applicants, each invited to the assessment ----------------------
        first = await eventually(
            lambda: journey.submit(pid, 0),
            until=lambda r: r.status_code == 201,
            timeout=60,
            what="applications to know the programme",
        )
        journey.applicants.append((first.json()["application_id"], first.json()["access_token"]))
        for n in range(1, APPLICANTS):
            created = await journey.submit(pid, n)
            assert created.status_code == 201, created.text
            journey.applicants.append(
                (created.json()["application_id"], created.json()["access_token"])
            )
        ids = [a for a, _ in journey.applicants]
        everyone = range(APPLICANTS)
        await journey.all_reach(everyone, lambda s: s["status"] == "invited", "invitations")

        # ---- the assessment: 0 and 1 never have a result, 2-6 fail, 7-39 pass -------------
        not_taken, failed_assessment = [0, 1], list(range(2, 7))
        no_show, failed_interview = 7, [8, 9, 10]
        ranked = list(range(11, APPLICANTS))  # passed both: 29 candidates for 10 places
        tie = _tie_pair(ids, range(11, 30))
        order = [n for n in ranked if n not in tie]
        rank_of = {n: r for r, n in enumerate(order[:9], start=1)}
        rank_of |= {tie[0]: 10, tie[1]: 11}
        rank_of |= {n: r for r, n in enumerate(order[9:], start=12)}
        # The assessment sets the order (the interview is the same for all): 100 - rank,
        # and the tied pair both 90.
        score = {n: 50.0 for n in failed_assessment} | {n: 80.0 for n in (7, 8, 9, 10)}
        score |= {n: 90.0 if r in (10, 11) else 100.0 - r for n, r in rank_of.items()}

        structural = await journey.results_file(pid, "id,score\n" + f"{ids[5]},70\n")
        assert structural.status_code == 422, structural.text
        assert structural.json()["errors"][0]["field"] == "body"

        rows = [f"{ids[n]},{score[n]},1" for n in range(2, APPLICANTS)]
        rows.insert(10, f"{ids[0]},lots,1")  # line 12: a score that is not a number
        rows.insert(20, "not-an-application,70,1")  # line 22
        csv = "application_id,score,attempt\n" + "\n".join(rows) + "\n"
        uploaded = await journey.results_file(pid, csv)
        assert uploaded.status_code == 200, uploaded.text
        assert uploaded.json()["accepted"] == APPLICANTS - 2
        assert [(e["row"], e["field"]) for e in uploaded.json()["errors"]] == [
            (12, "score"),
            (22, "application_id"),
        ]
        again = await journey.results_file(pid, csv)
        assert again.json()["accepted"] == 0
        assert again.json()["duplicates"] == APPLICANTS - 2

        passed = [no_show, *failed_interview, *ranked]
        await journey.all_reach(passed, lambda s: s["status"] == "interviewing", "interviews")
        for n in failed_assessment:
            assert (await journey.status(n))["selection"]["assessment_score"] == 50.0

        # ---- interviews: every candidate books through the applications service ---------
        slot = await http.post(
            f"{journey.selection}/admin/programmes/{pid}/interview-slots",
            json={"starts_at": (datetime.now(UTC) + timedelta(days=7)).isoformat(), "capacity": 40},
            headers=journey.ops,
        )
        assert slot.status_code == 201, slot.text
        for n in passed:
            application_id, token = journey.applicants[n]
            booked = await http.post(
                f"{journey.applications}/applications/{application_id}/interview",
                json={"slot_id": slot.json()["slot_id"]},
                headers=bearer(token),
            )
            assert booked.status_code == 202, booked.text
        await journey.all_reach(
            passed, lambda s: s["selection"]["interview"]["status"] == "booked", "bookings"
        )
        refused = await http.post(
            f"{journey.applications}/applications/{ids[0]}/interview",
            json={"slot_id": slot.json()["slot_id"]},
            headers=bearer(journey.applicants[0][1]),
        )
        assert refused.status_code == 409, "not invited to interview: nothing to book"

        # ---- the panel: two members score every criterion; one candidate did not attend --
        members = [await journey.assessor(pid, name) for name in ("Panel One", "Panel Two")]
        for n in [*failed_interview, *ranked]:
            # The members score differently, to the same total: 8 (below 10) or 12.
            ones, others = (
                ([2, 2, 2, 2], [3, 2, 2, 1])
                if n in failed_interview
                else (
                    [3, 3, 3, 3],
                    [4, 3, 3, 2],
                )
            )
            first_score = await journey.score(pid, members[0], n, ones)
            assert first_score.status_code == 201, first_score.text
            assert first_score.json()["interview_complete"] is False
            second = await journey.score(pid, members[1], n, others)
            assert second.json()["interview_complete"] is True
        twice = await journey.score(pid, members[0], ranked[0], [4, 4, 4, 4])
        assert twice.status_code == 409
        dna = await http.post(
            f"{journey.selection}/programmes/{pid}/interviews/{ids[no_show]}/no-show",
            headers=members[0],
        )
        assert dna.status_code == 204, dna.text

        # ---- results ----------------------------------------------------------------------
        closed = await http.post(
            f"{journey.selection}/admin/programmes/{pid}/selection/close", headers=journey.ops
        )
        assert closed.status_code == 200, closed.text
        results = {r["application_id"]: r for r in closed.json()}
        assert len(results) == APPLICANTS
        by_rank = sorted(rank_of, key=rank_of.__getitem__)
        selected = [n for n in by_rank if rank_of[n] <= PLACES]
        waitlisted = [n for n in by_rank if rank_of[n] > PLACES]
        assert [results[ids[n]]["outcome"] for n in selected] == ["selected"] * PLACES
        assert [results[ids[n]]["rank"] for n in by_rank] == list(range(1, len(ranked) + 1))
        assert results[ids[tie[0]]]["outcome"] == "selected", "the earlier submission wins a tie"
        assert results[ids[tie[1]]]["outcome"] == "waitlisted"
        for n in waitlisted:
            assert results[ids[n]]["outcome"] == "waitlisted"
            assert results[ids[n]]["reasons"] == ["not_ranked_within_places"]
        expected_reasons = (
            {n: ["assessment_not_taken"] for n in not_taken}
            | {n: ["assessment_below_pass_mark"] for n in failed_assessment}
            | {no_show: ["did_not_attend"]}
            | {n: ["interview_below_pass_mark"] for n in failed_interview}
        )
        for n, reasons in expected_reasons.items():
            assert (results[ids[n]]["outcome"], results[ids[n]]["reasons"]) == ("rejected", reasons)

        # Each applicant sees their result, and their own panel's feedback only.
        seen = await journey.status(failed_interview[0])
        await journey.all_reach(
            [failed_interview[0]], lambda s: s["selection"]["outcome"] == "rejected", "result"
        )
        seen = await journey.status(failed_interview[0])
        assert seen["selection"]["reasons"] == ["interview_below_pass_mark"]
        assert sorted(seen["selection"]["feedback"]) == [f"On {failed_interview[0]}."] * 2
        other = await http.get(
            f"{journey.applications}/applications/{ids[failed_interview[1]]}",
            headers=bearer(journey.applicants[failed_interview[0]][1]),
        )
        assert other.status_code in (401, 403, 404)

        # ---- matching: offers to the selected only --------------------------------------
        async def offered() -> set[str]:
            found = await http.get(
                f"{journey.matching}/councils/{council_id}/offers?status=offered",
                headers=bearer(council_key),
            )
            assert found.status_code == 200, found.text
            return {o["application_id"] for o in found.json()}

        offers = await eventually(
            offered, until=lambda o: len(o) >= PLACES, timeout=120, what="offers"
        )
        assert offers == {ids[n] for n in selected}

        # ---- a selected applicant withdraws: the first on the waitlist is promoted -------
        leaving, promoted = selected[0], waitlisted[0]
        assert promoted == tie[1]
        withdrawn = await http.post(
            f"{journey.applications}/applications/{ids[leaving]}/withdraw",
            headers=bearer(journey.applicants[leaving][1]),
        )
        assert withdrawn.status_code == 200, withdrawn.text
        offers = await eventually(
            offered, until=lambda o: ids[promoted] in o, timeout=120, what="the promotion's offer"
        )
        assert ids[leaving] not in offers
        assert offers == {ids[n] for n in [*selected[1:], promoted]}
        await journey.all_reach([promoted], lambda s: s["status"] == "offered", "promoted offer")

        # ---- and each applicant was told, step by step, by email ------------------------
        title = programme["title"]
        told = {
            selected[1]: [
                f"Take the online assessment for {title}",
                f"Book your video interview for {title}",
                "Your video interview is booked",
                f"You have a place on {title}",
            ],
            promoted: [f"You are on the waiting list for {title}", f"A place on {title} is now"],
            failed_assessment[0]: [f"The result of your application to {title}"],
        }

        def everyone_told(found: dict[str, list[str]]) -> bool:
            return all(
                any(
                    subject.startswith(expected)
                    for subject in found.get(f"candidate{n}@example.org", [])
                )
                for n, subjects in told.items()
                for expected in subjects
            )

        await eventually(
            lambda: asyncio.to_thread(_subjects, cluster),
            until=everyone_told,
            timeout=120,
            what="the selection emails",
        )

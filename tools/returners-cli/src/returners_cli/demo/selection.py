"""The demo's selection (a programme with a ``selection`` block): the assessment provider's
results file, interview slots and bookings, the panel's scores, and the results, closed by
operations staff rather than waiting for the results day.

Each step waits until the services have acted on the one before, and the results are
decided only once every score is in; matching hears of them before any vacancy is posted,
so the places go out in rank order on every run.
"""

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console

from returners_cli.demo import population
from returners_cli.demo.client import DemoClient
from returners_cli.demo.journey import wait_for
from returners_cli.demo.state import DemoState

SLOTS = 4  # interview slots, on one day a week after the assessment
PANEL = ("Panel member A", "Panel member B")


class Selection:
    def __init__(self, client: DemoClient, state: DemoState, console: Console) -> None:
        self.client = client
        self.state = state
        self.console = console
        self.seed = state.seed

    def run_if_the_programme_selects(self, state_file: Path) -> None:
        rules = self.client.programme(population.PROGRAMME).get("selection")
        if rules is None or self.state.selection_decided:
            return
        self.run(rules)
        self.state.selection_decided = True
        self.state.save(state_file)

    def run(self, rules: dict[str, Any]) -> None:
        eligible = self._eligible()
        self._await_stage(eligible, "invited", "the assessment invitations")
        passed = self._assess(eligible, rules["assessment"])
        self._await_stage(passed, "interviewing", "the interview invitations")
        booked = self._book(passed, rules["interview"])
        self._score(booked, rules["interview"])
        self.client.close_selection(population.PROGRAMME)
        selected = self._await_results(eligible)
        wait_for(
            lambda: self.client.matching_candidates(population.PROGRAMME)["selected"] == selected,
            "matching to hear of every selected applicant",
        )
        self.console.print(f"selection: {selected} of {len(eligible)} invited were selected")

    def _assess(self, eligible: dict[int, dict[str, str]], rules: dict[str, Any]) -> list[int]:
        """Upload the results file; the applicants who passed."""
        scores = {i: population.assessment_score(self.seed, i) for i in eligible}
        rows = [
            f"{eligible[i]['application_id']},{score},1"
            for i, score in scores.items()
            if score is not None
        ]
        self.client.upload_assessment_results(
            population.PROGRAMME, "application_id,score,attempt\n" + "\n".join(rows) + "\n"
        )
        return [i for i, s in scores.items() if s is not None and s >= rules["pass_mark"]]

    def _book(self, passed: list[int], rules: dict[str, Any]) -> list[int]:
        """Those who book take one of the slots (each slot with room for all who choose it,
        so no request is refused); the applicants whose booking stands."""
        booking = [i for i in passed if self._plan(i, rules).books]
        today = self.client.clocks()["selection"].date()  # the platform's, not the wall's
        day = datetime.combine(today + timedelta(days=7), time(9), UTC)
        slots = [
            self.client.publish_interview_slot(
                population.PROGRAMME,
                (day + timedelta(hours=2 * n)).isoformat(),
                capacity=sum(1 for i in booking if i % SLOTS == n) + 2,
            )
            for n in range(SLOTS)
        ]
        for i in booking:
            self.client.book_interview(self._applicant(i), slots[i % SLOTS])
        wait_for(
            lambda: all(self._interview_status(i) == "booked" for i in booking),
            "every interview booking to be confirmed",
        )
        return booking

    def _score(self, booked: list[int], rules: dict[str, Any]) -> None:
        """The panel scores everyone who came; the first member records those who did not."""
        criteria = list(rules["criteria"])
        keys = [self.client.issue_assessor(population.PROGRAMME, name) for name in PANEL]
        for i in booked:
            application_id = self._applicant(i)["application_id"]
            plan = self._plan(i, rules)
            if not plan.attends:
                self.client.record_no_show(keys[0], population.PROGRAMME, application_id)
                continue
            for key, scores in zip(keys, plan.scores, strict=True):
                self.client.score_interview(
                    key,
                    population.PROGRAMME,
                    application_id,
                    dict(zip(criteria, scores, strict=True)),
                )

    def _await_results(self, eligible: dict[int, dict[str, str]]) -> int:
        """Wait until every invited applicant has their result; how many were selected."""
        outcomes: dict[int, str] = {}

        def decided() -> bool:
            for i, applicant in eligible.items():
                if i not in outcomes:
                    outcome = (self.client.status(applicant)["selection"] or {}).get("outcome")
                    if outcome is not None:
                        outcomes[i] = outcome
            return len(outcomes) == len(eligible)

        wait_for(decided, "every applicant's selection result")
        self.state.waitlisted = sorted(i for i, o in outcomes.items() if o == "waitlisted")
        return sum(1 for outcome in outcomes.values() if outcome == "selected")

    # -- lookups ---------------------------------------------------------------------------

    def _plan(self, i: int, rules: dict[str, Any]) -> population.Interview:
        scale = range(rules["scale"]["min"], rules["scale"]["max"] + 1)
        return population.interview(self.seed, i, len(rules["criteria"]), len(PANEL), scale)

    def _eligible(self) -> dict[int, dict[str, str]]:
        found = {}
        for key, applicant in sorted(self.state.applicants.items(), key=lambda kv: int(kv[0])):
            decision = self.client.status(applicant)["eligibility"]
            if decision is not None and decision["eligible"]:
                found[int(key)] = applicant
        return found

    def _await_stage(self, which: Any, status: str, what: str) -> None:
        pending = set(which)

        def reached() -> bool:
            for i in list(pending):
                if self.client.status(self._applicant(i))["status"] == status:
                    pending.discard(i)
            return not pending

        wait_for(reached, what)

    def _interview_status(self, i: int) -> str | None:
        selection = self.client.status(self._applicant(i))["selection"] or {}
        return (selection.get("interview") or {}).get("status")

    def _applicant(self, i: int) -> dict[str, str]:
        return self.state.applicants[str(i)]

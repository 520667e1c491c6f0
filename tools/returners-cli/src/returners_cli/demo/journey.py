"""The demo's script: programmes, councils, applicants, decisions, offers, answers, an
erasure, hires (what happens between the offers and the hires: ``demo.training``).

Every step goes through the public APIs, and each step that changes the matching picture
waits until matching has acted on it before the next, so that a run on a fresh platform
is deterministic for a given seed. Time is part of that: offers last a week, and the offers
nobody answers expire because the demo moves the platform's clocks a week on
(``/admin/clock``, a local platform's), once every answer of the round has been applied,
never because the wall clock raced an answer. The clocks move together: every service that
stamps a fact an applicant sees keeps the same time, so no date on a timeline runs ahead of
the others.
"""

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress

from returners_cli.demo import expected, population
from returners_cli.demo.client import DemoClient
from returners_cli.demo.state import DemoState

ROUNDS_WITH_EXPIRIES = 2
MAX_ROUNDS = 12


class DemoTimeout(RuntimeError):
    pass


def wait_for(check: Callable[[], bool], what: str, timeout: float = 300.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise DemoTimeout(f"gave up after {timeout:.0f}s waiting for {what}")
        time.sleep(0.25)


class Demo:
    def __init__(
        self, client: DemoClient, state: DemoState, state_file: Path, console: Console
    ) -> None:
        self.client = client
        self.state = state
        self.state_file = state_file
        self.console = console
        self.seed = state.seed

    # -- phases ----------------------------------------------------------------------------

    def publish_programmes(self, files: Iterable[Path]) -> None:
        for path in sorted(files):
            self.console.print(f"programme [bold]{self.client.publish_programme(path)}[/bold]")

    def register_councils(self) -> None:
        for name, _ in population.COUNCILS:
            if name not in self.state.councils:
                self.state.councils[name] = self.client.register_council(name)
                self.state.save(self.state_file)
        self.console.print(f"{len(self.state.councils)} councils registered")

    def submit_applications(self, count: int) -> None:
        people = population.applicants(self.seed, count)
        with Progress(console=self.console, transient=True) as progress:
            task = progress.add_task("submitting applications", total=len(people))
            for person in people:
                key = str(person.index)
                if key not in self.state.applicants:
                    self.state.applicants[key] = self._submit(person)
                progress.advance(task)
        self.state.save(self.state_file)
        self.console.print(f"{len(people)} applications submitted")

    def _submit(self, person: population.Applicant) -> dict[str, str]:
        """Submit, waiting while applications has yet to learn of the programme."""
        accepted: list[dict[str, str]] = []

        def submitted() -> bool:
            answer = self.client.submit(person.body, person.idempotency_key)
            accepted.extend([answer] if answer else [])
            return bool(accepted)

        wait_for(submitted, "the programme to reach the applications service", timeout=60)
        return accepted[0]

    def await_decisions(self) -> None:
        pending = dict(self.state.applicants)
        with Progress(console=self.console, transient=True) as progress:
            task = progress.add_task("eligibility decisions", total=len(pending))

            def decided() -> bool:
                for key, applicant in list(pending.items()):
                    if self.client.status(applicant)["eligibility"] is not None:
                        del pending[key]
                        progress.advance(task)
                return not pending

            wait_for(decided, "every eligibility decision")
        self.console.print("every application has its eligibility decision")

    def post_vacancies(self) -> None:
        if self.state.vacancies_posted:
            return
        for vacancy in population.vacancies(self.seed):
            self.client.post_vacancy(
                self.state.councils[vacancy.council],
                {
                    "programme_id": population.PROGRAMME,
                    "region": vacancy.region,
                    "specialism": vacancy.specialism,
                    "slots": vacancy.slots,
                    "starts_on": str(population.PROGRAMME_STARTS),
                },
            )
        self.state.vacancies_posted = True
        self.state.save(self.state_file)
        self.console.print("vacancies posted; matching made its first offers")

    def answer_offers(self, expiring_rounds: int = ROUNDS_WITH_EXPIRIES) -> None:
        """Rounds of answers until no offer is left open; in the first ``expiring_rounds``
        some applicants let their offer expire."""
        with Progress(console=self.console, transient=True) as progress:
            task = progress.add_task("applicants answering offers", total=None)
            for round_number in range(1, MAX_ROUNDS + 1):
                self._await_offers_visible()
                open_offers = self._open_offers()
                if not open_offers:
                    break
                progress.update(
                    task, description=f"round {round_number}: {len(open_offers)} open offers"
                )
                self.answer_round(open_offers, allow_ignore=round_number <= expiring_rounds)
        self.console.print("every offer was answered or expired")

    def erase_a_returner(self) -> None:
        """The first returner a council will hire asks for their personal data to be erased,
        once the emails so far have reached them: the hire is still counted, and no email
        about it is sent (there is no address left to send it to)."""
        if self.state.erased or (index := self._first_to_be_hired()) is None:
            return
        applicant = self.applicant(index)
        status = self.client.status(applicant)
        # received, decision and the offers; with selection, the invitations to the assessment
        # and the interview, the booking and the result too; the placement's
        emails = (
            2
            + len(status["offers"])
            + (4 if status["selection"] else 0)
            + expected.placement_emails(status["placement"])
        )
        wait_for(
            lambda: len(self.client.emails_delivered(applicant["application_id"])) >= emails,
            "the emails so far to reach the returner",
        )
        self.client.erase(applicant)
        self.state.erased.append(applicant["application_id"])
        self.state.save(self.state_file)
        self.console.print("one returner asked for their personal data to be erased")

    def _first_to_be_hired(self) -> int | None:
        return min((self.index_of(a) for a in self._to_be_hired()), default=None)

    def report_hires(self) -> int:
        """Councils hire some of the returners whose placement went through (after it)."""
        to_be_hired = self._to_be_hired()
        for offer in self.matching_offers():
            if offer["application_id"] in to_be_hired:
                self.client.report_hire(self.council_of(offer), offer["application_id"])
        self.console.print(f"councils reported {len(to_be_hired)} hires")
        return len(to_be_hired)

    def _to_be_hired(self) -> set[str]:
        """The application ids a council hires: some of those whose offer is accepted (and,
        where the demo took them through training, whose placement completed)."""
        completed = self.completed_placements() if self.state.training else None
        return {
            o["application_id"]
            for o in self.matching_offers()
            if o["status"] == "accepted"
            and (completed is None or o["application_id"] in completed)
            and population.council_hires(self.seed, self.index_of(o["application_id"]))
        }

    def completed_placements(self) -> set[str]:
        """The application ids whose placement completed (training's council views)."""
        return {str(p["application_id"]) for p in self.placements() if p["status"] == "completed"}

    def placements(self) -> list[dict[str, Any]]:
        """The demo programme's placements, as every council sees its own (the councils take
        part in other programmes too)."""
        return [
            p
            for council in self.state.councils.values()
            for p in self.client.placements(council)
            if p["programme_id"] == population.PROGRAMME
        ]

    def expected_funnel(self) -> dict[str, int]:
        """The funnel as the services of record see it: applications for decisions and
        withdrawals, matching for offers and hires (the reporting service must agree)."""
        statuses = [self.client.status(a) for a in self.state.applicants.values()]
        return expected.funnel(statuses, self.matching_offers())

    # -- rounds ----------------------------------------------------------------------------

    def answer_round(
        self, open_offers: list[tuple[int, dict[str, Any], int]], *, allow_ignore: bool
    ) -> None:
        plans = []
        for index, offer, offer_number in open_offers:
            decision = population.choice(self.seed, index, offer_number)
            if decision == "ignore" and not allow_ignore:
                decision = "accept"
            plans.append((index, offer, decision))
        # Accepts free nothing, so they go first and all at once; every other answer changes
        # the matching picture, so each waits for matching to act before the next. The offers
        # ignored expire last, when matching's clock is moved past their deadline.
        for index, offer, decision in plans:
            if decision == "accept":
                self.client.answer_offer(self.applicant(index), offer["offer_id"], accept=True)
        for index, offer, decision in plans:
            if decision in ("decline", "withdraw"):
                applicant = self.applicant(index)
                if decision == "decline":
                    self.client.answer_offer(applicant, offer["offer_id"], accept=False)
                else:
                    self.client.withdraw(applicant)
                self.await_matching(offer, "declined" if decision == "decline" else "withdrawn")
        for _, offer, decision in plans:
            if decision == "accept":
                self.await_matching(offer, "accepted")
        ignored = [offer for _, offer, decision in plans if decision == "ignore"]
        if ignored:
            self.client.advance_clocks(self._offer_window_seconds() + 60)
            for offer in ignored:
                self.await_matching(offer, "expired")

    def await_matching(self, offer: dict[str, Any], expected: str) -> None:
        """Wait until matching holds the offer as ``expected``."""

        def reached() -> bool:
            return self._matching_status(offer) == expected

        wait_for(reached, f"matching to see offer {offer['offer_id']} {expected}")

    def _open_offers(self) -> list[tuple[int, dict[str, Any], int]]:
        found = []
        for key, applicant in sorted(self.state.applicants.items(), key=lambda kv: int(kv[0])):
            offers = self.client.status(applicant)["offers"]
            for number, offer in enumerate(offers):
                if offer["status"] == "offered":
                    found.append((int(key), offer, number))
        return found

    def _await_offers_visible(self) -> None:
        """Every offer matching made is visible to its applicant (the events have arrived)."""

        def consistent() -> bool:
            made = {o["offer_id"]: o for o in self.matching_offers()}
            for offer_id, offer in made.items():
                applicant = self.applicant(self.index_of(offer["application_id"]))
                seen = {o["offer_id"]: o["status"] for o in self.client.status(applicant)["offers"]}
                if offer_id not in seen:
                    return False
                if offer["status"] in ("expired", "hired") and seen[offer_id] == "offered":
                    return False
            return True

        wait_for(consistent, "offers to reach the applicants")

    # -- lookups ---------------------------------------------------------------------------

    def _offer_window_seconds(self) -> float:
        days = self.client.programme(population.PROGRAMME)["offer_window_days"]
        return float(days) * 86400

    def matching_offers(self) -> list[dict[str, Any]]:
        """The demo programme's offers, as every council sees its own (the councils take part
        in other programmes too)."""
        return [
            o
            for c in self.state.councils.values()
            for o in self.client.council_offers(c)
            if o["programme_id"] == population.PROGRAMME
        ]

    def _matching_status(self, offer: dict[str, Any]) -> str:
        council = self.state.councils[self.council_name(offer["council_id"])]
        for candidate in self.client.council_offers(council):
            if candidate["offer_id"] == offer["offer_id"]:
                return str(candidate["status"])
        return "unknown"

    def applicant(self, index: int) -> dict[str, str]:
        return self.state.applicants[str(index)]

    def applicant_of(self, application_id: str) -> dict[str, str]:
        return self.applicant(self.index_of(application_id))

    def save(self) -> None:
        self.state.save(self.state_file)

    def index_of(self, application_id: str) -> int:
        for key, applicant in self.state.applicants.items():
            if applicant["application_id"] == application_id:
                return int(key)
        raise KeyError(application_id)

    def council_name(self, council_id: str) -> str:
        return next(n for n, c in self.state.councils.items() if c["council_id"] == council_id)

    def council_of(self, offer: dict[str, Any]) -> dict[str, str]:
        return self.state.councils[self.council_name(offer["council_id"])]

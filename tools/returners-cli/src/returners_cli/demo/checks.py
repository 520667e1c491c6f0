"""The checks that are conditions of an accepted offer, each by whom it falls to: the
applicant names two referees (applications), each referee answers through the one-time link
emailed to them (the demo reads the local Maildir, as a referee reads their inbox), and the
council records the DBS, identity and right-to-work checks (training). One DBS check is not
met: the offer is withdrawn, matching offers its slot on, and the new offer is answered and
checked in turn."""

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from returners_cli.demo import population, references
from returners_cli.demo.journey import MAX_ROUNDS, wait_for
from returners_cli.demo.placements import PlacementSteps

DBS_REASON = "dbs_disclosure"
CHECKS = ("identity", "right_to_work", "dbs")
PARALLEL = 4  # placements whose checks are recorded at once


class Checks(PlacementSteps):
    def run(self) -> None:
        """Referees and checks for every accepted offer; the one DBS check that fails gives a
        slot back, whose new offer is answered and checked in turn."""
        checked: set[str] = set(self.done.get("checked_applications", []))
        while todo := {a: o for a, o in self._accepted().items() if a not in checked}:
            self._await_placements(todo, lambda p: p["status"] == "awaiting_conditions")
            self._give_referees(todo)
            self._answer_references(todo)
            failing = None
            if "dbs_failed" not in self.done:
                failing = population.one_of(self.seed, "dbs", [self._index(a) for a in todo])
            selected = self.client.matching_candidates(population.PROGRAMME)["selected"]
            self._record_checks(todo, failing)
            checked |= set(todo)
            self.done["checked_applications"] = sorted(checked)
            if failing is not None:
                self.done["dbs_failed"] = self._id(failing)
                self.demo.save()
                self._await_slot_offered_on(todo[self._id(failing)], selected)
                self._answer_open_offers()
        failed = 1 if "dbs_failed" in self.done else 0
        self.console.print(
            f"checks: {len(checked) - failed} placements ready to start, {failed} offer withdrawn"
            " (DBS check not met) and its slot offered on"
        )

    def _give_referees(self, todo: dict[str, dict[str, Any]]) -> None:
        for application_id in todo:
            given = population.references(self.seed, self._index(application_id))
            self.client.give_referees(
                self.demo.applicant_of(application_id), references.referees_body(given)
            )

    def _answer_references(self, todo: dict[str, dict[str, Any]]) -> None:
        """Each referee answers through the link in their email, once it has arrived."""
        people = population.applicants(self.seed, len(self.state.applicants))
        waiting: dict[str, tuple[population.Referee, str]] = {}
        for application_id in todo:
            index = self._index(application_id)
            contact = people[index].body["contact"]
            name = f"{contact['given_name']} {contact['family_name']}"
            for referee in population.references(self.seed, index).referees:
                waiting[referee.email] = (referee, name)

        inbox = references.Inbox(self.maildir)

        def answered() -> bool:
            for address, (reference_id, token) in inbox.links(waiting).items():
                referee, name = waiting[address]
                if self.client.answer_reference(
                    reference_id, token, references.statement(referee, name)
                ):
                    del waiting[address]
            return not waiting

        wait_for(answered, "every referee's email, and their answers", timeout=180)
        self._await_placements(
            todo, lambda p: (p["conditions"].get("references") or {}).get("status") == "met"
        )

    def _record_checks(self, todo: dict[str, dict[str, Any]], failing: int | None) -> None:
        """The council records the DBS, identity and right-to-work checks: met, but for the one
        DBS check that fails."""

        def record(application_id: str) -> None:
            fails = failing is not None and self._index(application_id) == failing
            council = self.demo.council_of(todo[application_id])
            for condition in CHECKS:
                reason = DBS_REASON if fails and condition == "dbs" else None
                self.client.record_condition(council, application_id, condition, reason)

        with ThreadPoolExecutor(PARALLEL) as pool:
            list(pool.map(record, todo))
        self._await_placements(
            todo,
            lambda p: (
                p["status"]
                == (
                    "offer_withdrawn"
                    if self._index(str(p["application_id"])) == failing
                    else "ready"
                )
            ),
        )

    def _await_slot_offered_on(self, offer: dict[str, Any], selected_before: int) -> None:
        """Matching has withdrawn the offer and (in the same transaction) offered its slot on;
        with a waitlist, selection has promoted the next applicant too, whom matching has
        considered for it."""
        self.demo.await_matching(offer, "withdrawn")
        if selected_before == 0:
            return  # a programme without selection: the slot went on in the same transaction
        waitlisted = any(  # of those waitlisted at the results, some may have been promoted
            (self.client.status(self.state.applicants[str(i)])["selection"] or {}).get("outcome")
            == "waitlisted"
            for i in self.state.waitlisted
        )
        expected = selected_before if waitlisted else selected_before - 1
        wait_for(
            lambda: self.client.matching_candidates(population.PROGRAMME)["selected"] == expected,
            "matching to give the slot back",
        )

    def _answer_open_offers(self) -> None:
        """Answer the offers matching has open (those of the slot given back), round by round
        until none is; nobody lets these expire. Matching's list says which are open, so only
        their applicants' statuses are read."""
        for _ in range(MAX_ROUNDS):
            made = sorted(
                (o for o in self.demo.matching_offers() if o["status"] == "offered"),
                key=lambda o: self._index(o["application_id"]),
            )
            if not made:
                return
            self.demo.answer_round([self._as_seen(o) for o in made], allow_ignore=False)

    def _as_seen(self, offer: dict[str, Any]) -> tuple[int, dict[str, Any], int]:
        """The offer as its applicant sees it, once it has reached them, and its number."""
        index = self._index(offer["application_id"])
        found: list[tuple[int, dict[str, Any], int]] = []

        def visible() -> bool:
            offers = self.client.status(self.demo.applicant(index))["offers"]
            found[:] = [
                (index, o, n) for n, o in enumerate(offers) if o["offer_id"] == offer["offer_id"]
            ]
            return bool(found)

        wait_for(visible, f"offer {offer['offer_id']} to reach its applicant")
        return found[0]

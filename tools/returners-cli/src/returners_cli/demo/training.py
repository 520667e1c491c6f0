"""The demo after the offers, through the public APIs, each step by whom it falls to: the
checks (``demo.checks``), the start and a mentor for each returner, the hours by kind (each
council's placement days, mentoring and coaching as a file, one with a mistyped row; the
training provider's workshop and interview preparation, entry by entry with its own key; one
entry corrected),
the end and the council's sign-off (completion at 210 or 420 hours), one returner leaving
mid-placement, and the returners' reports of their restoration to the register.

The platform's time moves as the programme would (``DemoClient.advance_clocks``, every
clocked service at once): to the placements' start, then from one day something happens to
the next (the day after a group of placements ends, its hours are logged and it is ended;
the day after the regulator decides, its returners tell us). Every choice comes from the
seed, so a fresh platform gives the same outcome report every time.
"""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

from returners_cli.demo import hours, population
from returners_cli.demo.checks import Checks
from returners_cli.demo.placements import PlacementSteps

PROVIDER = "Return to Social Work training provider"
LEAVING_REASON = "caring_responsibilities"
APPLIED_AFTER = timedelta(days=3)  # the returner applies for restoration after completing
DECIDED_AFTER = timedelta(days=21)  # and the regulator decides three weeks later
PARALLEL = 4  # requests at once (each placement's in order)

Placement = dict[str, Any]


class Training(PlacementSteps):
    def run(self) -> None:
        for step, action in (
            ("checked", Checks(self.demo, self.maildir).run),
            ("started", self.start),
        ):
            if not self.done.get(step):
                action()
                self.done[step] = True
                self.demo.save()
        for day, what, happens, group in self._schedule():
            if not self.done.get(f"{what} {day}"):
                self._move_clocks_to(day)
                happens(group)
                self.done[f"{what} {day}"] = True
                self.demo.save()
        reported = list(self.done.get("reports", {}).values())
        restored = sum(1 for r in reported if r["decision"] == "restored")
        ended = len(self._placements(lambda p: p["status"] == "completed"))
        self.console.print(
            f"placements: {ended} completed, 1 returner left"
            f" ({LEAVING_REASON.replace('_', ' ')}); restoration to the register:"
            f" {restored} restored, {len(reported) - restored} pending,"
            f" {ended - len(reported)} not applied yet"
        )

    def start(self) -> None:
        """On the Monday after a week's notice every placement ready starts; each returner is
        given a mentor. One of them will leave a third of the way through."""
        starts_on = hours.next_monday(self._today() + timedelta(days=6))
        self._move_clocks_to(starts_on)
        ready = self._placements(lambda p: p["status"] == "ready")

        def start(placement: Placement) -> None:
            application_id, council = str(placement["application_id"]), self._council(placement)
            self.client.start_placement(council, application_id, starts_on)
            mentor = population.mentor(self.seed, self._index(application_id))
            self.client.assign_mentor(council, application_id, mentor)

        with ThreadPoolExecutor(PARALLEL) as pool:
            list(pool.map(start, ready))
        self.done["starts_on"] = starts_on.isoformat()
        indexes = [self._index(str(p["application_id"])) for p in ready]
        if (leaving := population.one_of(self.seed, "leaves", indexes)) is not None:
            self.done["leaving"] = self._id(leaving)
        if (corrected := population.one_of(self.seed, "correction", indexes)) is not None:
            self.done["corrected"] = self._id(corrected) if corrected != leaving else None
        self.console.print(f"{len(ready)} placements started on {starts_on:%A %-d %B %Y}")

    # -- what happens on which day -------------------------------------------------------------

    def _schedule(self) -> list[tuple[date, str, Callable[[list[Placement]], None], list[Any]]]:
        """The days something happens, in order: the day after a group of placements ends,
        they are logged and ended; the day after the regulator decides on a group's
        applications for restoration, they tell us."""
        started = self._placements(lambda p: p["started_on"] is not None)
        ends: dict[date, list[Placement]] = {}
        for placement in started:
            ends.setdefault(hours.last_day(self._plan(placement)), []).append(placement)
        days: list[tuple[date, str, Callable[[list[Placement]], None], list[Any]]] = []
        for last, group in ends.items():
            days.append((last + timedelta(days=1), "ended", self.log_and_end, group))
            decided = last + APPLIED_AFTER + DECIDED_AFTER
            days.append((decided + timedelta(days=1), "reported", self.report_restoration, group))
        return sorted(days, key=lambda d: (d[0], d[1]))

    def log_and_end(self, group: list[Placement]) -> None:
        """The placements that ended yesterday: every entry logged (each council's as a
        file), then ended and signed off; the returner who left, withdrawn."""
        key = self.done.get("provider_key") or self.client.issue_provider(
            population.PROGRAMME, PROVIDER
        )
        self.done["provider_key"] = key
        by_council: dict[str, list[Placement]] = {}
        for placement in group:
            by_council.setdefault(str(placement["council_id"]), []).append(placement)
        for council_id in sorted(by_council, key=self.demo.council_name):
            self._file(council_id, by_council[council_id])

        def log_and_end(placement: Placement) -> None:
            application_id, council = str(placement["application_id"]), self._council(placement)
            for n, entry in enumerate(self._plan(placement)):
                if entry.by == "provider":
                    self.client.provider_logs_hours(key, application_id, entry.body())
                elif n == 0 and application_id == self.done.get("corrected"):
                    self._log_corrected(council, application_id, entry)
            if application_id == self.done.get("leaving"):
                self.client.withdraw_placement(council, application_id, LEAVING_REASON)
            else:
                name = self.demo.council_name(str(placement["council_id"]))
                last = hours.last_day(self._plan(placement))
                self.client.end_placement(
                    council, application_id, last, f"Practice educator, {name}"
                )

        with ThreadPoolExecutor(PARALLEL) as pool:
            list(pool.map(log_and_end, group))
        self._await_placements(
            [str(p["application_id"]) for p in group],
            lambda p: p["status"] in ("completed", "withdrawn"),
        )

    def _file(self, council_id: str, placements: list[Placement]) -> None:
        """A council's entries as one file (a row for each block of placement days, for the
        mentoring and the coaching). The first file of the council with the most placements
        has a mistyped row (a day before the placement started), which the service refuses,
        naming its line."""
        rows = [
            (str(p["application_id"]), entry)
            for p in placements
            for n, entry in enumerate(self._plan(p))
            if entry.by == "council"
            and not (n == 0 and str(p["application_id"]) == self.done.get("corrected"))
        ]
        busiest = self.done.setdefault("busiest_council", self._busiest_council())
        mistyped = "mistyped_file" not in self.done and council_id == busiest
        if mistyped:
            application_id, first = rows[0]
            typo = hours.Entry(first.on - timedelta(days=14), 7.0, "placement", "council")
            rows.insert(len(rows) // 2, (application_id, typo))
        answer = self.client.upload_hours(self._council_by_id(council_id), hours.csv_file(rows))
        if mistyped:
            self.done["mistyped_file"] = True
            refused = "; ".join(
                f"line {e['row']} {e['field']}: {e['message']}" for e in answer["errors"]
            )
            self.console.print(
                f"{self.demo.council_name(council_id)} sent its hours as a file:"
                f" {answer['accepted']} rows saved, {len(answer['errors'])} refused ({refused})"
            )

    def _busiest_council(self) -> str:
        """The council with the most placements started (the first by name of a tie)."""
        counts: dict[str, int] = {}
        for placement in self._placements(lambda p: p["started_on"] is not None):
            counts[str(placement["council_id"])] = counts.get(str(placement["council_id"]), 0) + 1
        return max(sorted(counts, key=self.demo.council_name), key=lambda c: counts[c])

    def _log_corrected(
        self, council: dict[str, str], application_id: str, entry: hours.Entry
    ) -> None:
        """A council logs too few hours for a block of days, then corrects the entry (a new
        entry that supersedes it)."""
        wrong = self.client.log_hours(council, application_id, {**entry.body(), "hours": 14})
        self.client.log_hours(council, application_id, {**entry.body(), "supersedes": wrong})

    def _plan(self, placement: Placement) -> list[hours.Entry]:
        """The placement's entries; the returner who leaves works a third of their days."""
        plan = hours.plan(date.fromisoformat(self.done["starts_on"]), placement["hours_required"])
        if str(placement["application_id"]) == self.done.get("leaving"):
            return [e for e in plan if e.kind == "placement"][: len(plan) // 3]
        return plan

    # -- restoration to the register ---------------------------------------------------------

    def report_restoration(self, group: list[Placement]) -> None:
        """The returners of a group who completed tell us what the regulator decided on the
        application they made three days after: restored, or still pending; a few have not
        applied yet."""
        reports: dict[str, dict[str, Any]] = {}
        for placement in group:
            application_id = str(placement["application_id"])
            decision = population.reregistration(self.seed, self._index(application_id))
            if decision is None or application_id == self.done.get("leaving"):
                continue
            applied = hours.last_day(self._plan(placement)) + APPLIED_AFTER
            reports[application_id] = {"applied_on": applied.isoformat(), "decision": decision}
            if decision == "restored":
                reports[application_id]["decided_on"] = (applied + DECIDED_AFTER).isoformat()
        self._await_statuses(reports, lambda s: (s["placement"] or {}).get("completed_on"))
        with ThreadPoolExecutor(PARALLEL) as pool:
            list(
                pool.map(
                    lambda a: self.client.report_reregistration(
                        self.demo.applicant_of(a), reports[a]
                    ),
                    reports,
                )
            )
        self.done.setdefault("reports", {}).update(reports)
        restored = [a for a, r in reports.items() if r["decision"] == "restored"]
        # the returners' statuses show it (training confirmed each restoration)
        self._await_statuses(restored, lambda s: s["status"] == "reregistered")

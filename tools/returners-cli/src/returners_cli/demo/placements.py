"""What the demo's steps after the offers share: where each placement stands (every
council's view of its own, from the training service), waiting for a step to be recorded,
and the platform's time, moved for every clocked service at once."""

from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from returners_cli.demo.journey import Demo, wait_for


class PlacementSteps:
    def __init__(self, demo: Demo, maildir: Path) -> None:
        self.demo = demo
        self.client = demo.client
        self.state = demo.state
        self.console = demo.console
        self.seed = demo.seed
        self.maildir = maildir
        self.done = demo.state.training  # what has been done, for a run again after a failure

    def _accepted(self) -> dict[str, dict[str, Any]]:
        """Matching's accepted offers, by application id."""
        return {
            str(o["application_id"]): o
            for o in self.demo.matching_offers()
            if o["status"] == "accepted"
        }

    def _placements(self, which: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
        """Every council's placements that ``which`` holds for, in applicant order."""
        found = [p for p in self.demo.placements() if which(p)]
        return sorted(found, key=lambda p: self._index(str(p["application_id"])))

    def _await_placements(
        self, applications: Iterable[str], reached: Callable[[dict[str, Any]], bool]
    ) -> None:
        wanted = set(applications)

        def all_reached() -> bool:
            seen = {str(p["application_id"]): p for p in self._placements(lambda p: True)}
            return all(a in seen and reached(seen[a]) for a in wanted)

        wait_for(all_reached, "the training service to record the step", timeout=120)

    def _await_statuses(
        self, applications: Iterable[str], reached: Callable[[dict[str, Any]], Any]
    ) -> None:
        """Wait until each application's status (as its applicant sees it) has ``reached``."""
        pending = set(applications)

        def all_reached() -> bool:
            for application_id in list(pending):
                if reached(self.client.status(self.demo.applicant_of(application_id))):
                    pending.discard(application_id)
            return not pending

        wait_for(all_reached, "the applications service to hear of the step", timeout=120)

    def _today(self) -> date:
        return max(self.client.clocks().values()).date()

    def _move_clocks_to(self, day: date) -> datetime:
        """Let the platform's time pass until ``day`` (whole days; never backwards)."""
        days = (day - self._today()).days
        return (
            self.client.advance_clocks(days * 86400.0)
            if days > 0
            else max(self.client.clocks().values())
        )

    def _council(self, placement: dict[str, Any]) -> dict[str, str]:
        return self._council_by_id(str(placement["council_id"]))

    def _council_by_id(self, council_id: str) -> dict[str, str]:
        return self.state.councils[self.demo.council_name(council_id)]

    def _index(self, application_id: str) -> int:
        return self.demo.index_of(application_id)

    def _id(self, index: int) -> str:
        return self.state.applicants[str(index)]["application_id"]

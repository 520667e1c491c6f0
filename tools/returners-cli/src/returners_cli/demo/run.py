"""Run the demo end to end and print the funnel and the outcome report as the reporting
service counts them."""

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from returners_cli.demo import expected, population
from returners_cli.demo.client import DemoClient, Endpoints
from returners_cli.demo.journey import Demo, DemoTimeout, wait_for
from returners_cli.demo.outcomes import print_outcomes
from returners_cli.demo.professions import COHORTS, STAGES, OtherProfessions, print_side_by_side
from returners_cli.demo.selection import Selection
from returners_cli.demo.state import DemoState
from returners_cli.demo.training import Training

FUNNEL_ORDER = (
    "submitted",
    "eligible",
    "ineligible",
    "invited",
    "assessed",
    "interviewed",
    "selected",
    "waitlisted",
    "rejected",
    "offered",
    "accepted",
    "declined",
    "expired",
    "hired",
    "withdrawn",
    "places",
    "places_filled",
)


def run_demo(
    endpoints: Endpoints,
    *,
    state_file: Path,
    programme_files: list[Path],
    applicants: int = 300,
    seed: int = 2020,
    console: Console | None = None,
    maildir: Path | None = None,
    through_training: bool = True,
) -> dict[str, Any]:
    """Drive the demo programme (or, if it already ran, just report); return the funnel.

    ``through_training``: take the accepted offers through checks, placements and
    re-registration before the hires (the referees read their emails in ``maildir``, the
    local mail server's); else the councils hire straight after the offers."""
    if through_training and maildir is None:
        raise ValueError("the referees' emails are read from a maildir: give one")
    console = console or Console()
    client = DemoClient(endpoints)
    try:
        state = DemoState.load(state_file, seed)
        demo = Demo(client, state, state_file, console)
        if not state.completed:
            demo.publish_programmes(programme_files)
            demo.register_councils()
            demo.submit_applications(applicants)
            demo.await_decisions()
            Selection(client, state, console).run_if_the_programme_selects(state_file)
            demo.post_vacancies()
            demo.answer_offers()
            if through_training and maildir is not None:
                Training(demo, maildir).run()
            demo.erase_a_returner()
            demo.report_hires()
            if through_training:
                OtherProfessions(demo).run()
            state.completed = True
            state.save(state_file)
        # The programme happened in the months before today: the clocks read today again.
        if (moved := client.catch_up_clocks()) > 0:
            console.print(
                f"the platform's clocks moved {moved / 86400:.0f} days on, to today's time:"
                " the demo's programme happened in the months before"
            )
        funnel = settled_funnel(client, demo.expected_funnel())
        outcomes = settled_outcomes(client, demo) if state.training else None
        others = settled_other_funnels(client) if state.professions else {}
    finally:
        client.close()
    dashboard = endpoints.dashboard(population.PROGRAMME)
    print_funnel(console, funnel)
    if outcomes is not None:
        print_outcomes(console, outcomes)
    if others:
        print_side_by_side(console, {population.PROGRAMME: funnel, **others})
    console.print(
        f"Dashboard: [link={dashboard}]{dashboard}[/link]"
        + (" (the outcome report under Programme outcomes)" if outcomes is not None else "")
    )
    return funnel


def settled_funnel(client: DemoClient, wanted: dict[str, int]) -> dict[str, Any]:
    """The reporting funnel once it counts what the services of record hold."""
    last: dict[str, Any] = {}

    def caught_up() -> bool:
        nonlocal last
        last = client.funnel(population.PROGRAMME)
        return all(last.get(stage) == count for stage, count in wanted.items())

    try:
        wait_for(caught_up, "the reporting service to count the demo", timeout=180)
    except DemoTimeout as exc:
        differences = {k: (last.get(k), v) for k, v in wanted.items() if last.get(k) != v}
        raise DemoTimeout(f"{exc}; reporting vs services of record: {differences}") from exc
    return last


def settled_other_funnels(client: DemoClient) -> dict[str, dict[str, Any]]:
    """The ICT, planning and legal cohorts' funnels, once reporting counts what the demo did
    (``professions.COHORTS`` writes down each person's outcome)."""
    found: dict[str, dict[str, Any]] = {}

    def caught_up() -> bool:
        for cohort in COHORTS:
            found[cohort.programme_id] = client.funnel(cohort.programme_id)
        return all(_counts(found[c.programme_id]) == c.expected_funnel() for c in COHORTS)

    try:
        wait_for(caught_up, "the reporting service to count the other cohorts", timeout=180)
    except DemoTimeout as exc:
        differences = {
            c.programme_id: (_counts(found.get(c.programme_id, {})), c.expected_funnel())
            for c in COHORTS
            if _counts(found.get(c.programme_id, {})) != c.expected_funnel()
        }
        raise DemoTimeout(f"{exc}; (reporting, the demo's record): {differences}") from exc
    return found


def _counts(funnel: dict[str, Any]) -> dict[str, Any]:
    """The stages ``Cohort.expected_funnel`` writes down, reasons only where counted."""
    reasons = {r: n for r, n in funnel.get("ineligible_by_reason", {}).items() if n}
    return {
        **{k: funnel.get(k) for k in STAGES},
        "ineligible_by_reason": reasons,
    }


def settled_outcomes(client: DemoClient, demo: Demo) -> dict[str, Any]:
    """Reporting's outcome report once it equals what the services of record hold."""
    wanted = expected_outcomes(client, demo)
    last: dict[str, Any] = {}

    def caught_up() -> bool:
        nonlocal last
        last = client.outcomes(population.PROGRAMME)
        return bool(last) and not expected.differences(last, wanted)

    try:
        wait_for(caught_up, "the reporting service's outcome report", timeout=180)
    except DemoTimeout as exc:
        differences = expected.differences(last, wanted)
        raise DemoTimeout(f"{exc}; (reporting, services of record): {differences}") from exc
    return last


def expected_outcomes(client: DemoClient, demo: Demo) -> dict[str, Any]:
    """The outcome report of what the demo drove: training's placements (every council's),
    matching's hires, the years out of the eligibility decisions."""
    placements = demo.placements()
    placed = {str(p["application_id"]) for p in placements}
    years_out = {
        a["application_id"]: (client.status(a)["eligibility"] or {}).get("years_out_of_practice")
        for a in demo.state.applicants.values()
        if a["application_id"] in placed
    }
    return expected.outcomes(
        placements,
        years_out=years_out,
        hired={str(o["offer_id"]) for o in demo.matching_offers() if o["status"] == "hired"},
        councils={c["council_id"]: name for name, c in demo.state.councils.items()},
    )


def print_funnel(console: Console, funnel: dict[str, Any]) -> None:
    table = Table(title=f"Funnel of {population.PROGRAMME} (from the reporting service)")
    table.add_column("stage")
    table.add_column("count", justify="right")
    for stage in FUNNEL_ORDER:
        table.add_row(stage, str(funnel.get(stage, "-")))
    for stage in ("ineligible", "rejected"):
        for reason, count in sorted(funnel.get(f"{stage}_by_reason", {}).items()):
            table.add_row(f"  {stage}: {reason}", str(count))
    console.print(table)

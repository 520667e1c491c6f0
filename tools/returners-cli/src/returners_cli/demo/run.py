"""Run the demo end to end and print the funnel as the reporting service counts it."""

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from returners_cli.demo import population
from returners_cli.demo.client import DemoClient, Endpoints
from returners_cli.demo.journey import Demo, DemoTimeout, wait_for
from returners_cli.demo.selection import Selection
from returners_cli.demo.state import DemoState

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
) -> dict[str, Any]:
    """Drive the demo programme (or, if it already ran, just report); return the funnel."""
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
            demo.erase_a_returner()
            demo.report_hires()
            state.completed = True
            state.save(state_file)
        funnel = settled_funnel(client, demo.expected_funnel())
    finally:
        client.close()
    print_funnel(console, funnel, endpoints.dashboard(population.PROGRAMME))
    return funnel


def settled_funnel(client: DemoClient, expected: dict[str, int]) -> dict[str, Any]:
    """The reporting funnel once it counts what the services of record hold."""
    last: dict[str, Any] = {}

    def caught_up() -> bool:
        nonlocal last
        last = client.funnel(population.PROGRAMME)
        return all(last.get(stage) == count for stage, count in expected.items())

    try:
        wait_for(caught_up, "the reporting service to count the demo", timeout=180)
    except DemoTimeout as exc:
        differences = {k: (last.get(k), v) for k, v in expected.items() if last.get(k) != v}
        raise DemoTimeout(f"{exc}; reporting vs services of record: {differences}") from exc
    return last


def print_funnel(console: Console, funnel: dict[str, Any], dashboard: str) -> None:
    table = Table(title=f"Funnel of {population.PROGRAMME} (from the reporting service)")
    table.add_column("stage")
    table.add_column("count", justify="right")
    for stage in FUNNEL_ORDER:
        table.add_row(stage, str(funnel.get(stage, "-")))
    for stage in ("ineligible", "rejected"):
        for reason, count in sorted(funnel.get(f"{stage}_by_reason", {}).items()):
            table.add_row(f"  {stage}: {reason}", str(count))
    console.print(table)
    console.print(f"Dashboard: [link={dashboard}]{dashboard}[/link]")

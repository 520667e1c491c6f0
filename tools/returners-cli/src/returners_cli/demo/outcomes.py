"""The outcome report as the demo prints it: the programme's figures by time out of practice,
by council, then withdrawals, checks not met and hours by kind (every number the reporting
service's)."""

from typing import Any

from rich.console import Console
from rich.table import Table

from returners_cli.demo import population

BANDS = (("2-5", "2-5 years out"), ("5-10", "5-10 years out"))
COUNTS = (
    ("started", "started"),
    ("completed", "completed"),
    ("withdrawn", "left the placement"),
    ("reregistered", "re-registered"),
    ("hired", "hired"),
)
RATES = (
    ("completion_rate", "completion rate"),
    ("reregistration_rate", "re-registration rate"),
)
MEDIAN = ("median_days_to_complete", "median days to complete")


def cell(key: str, value: Any) -> str:
    """A figure as printed: a rate as a percentage, a count or a median as it is, "-" for
    none."""
    if value is None:
        return "-"
    if key.endswith("_rate"):
        return f"{value * 100:.1f}%"
    return f"{value:g}" if isinstance(value, float) else str(value)


def print_outcomes(console: Console, report: dict[str, Any]) -> None:
    bands = report["by_band"]
    table = Table(title=f"Outcomes of {population.PROGRAMME} (from the reporting service)")
    table.add_column("placements")
    table.add_column("all", justify="right")
    for _, title in BANDS:
        table.add_column(title, justify="right")
    for key, label in (*COUNTS, *RATES, MEDIAN):
        groups = [report, *(bands.get(band, {}) for band, _ in BANDS)]
        table.add_row(label, *(cell(key, group.get(key)) for group in groups))
    console.print(table)

    councils = Table(title="By council")
    councils.add_column("council", no_wrap=True)
    by_council = [(k, label) for k, label in COUNTS if k != "withdrawn"]
    for _, label in by_council:
        councils.add_column(label, justify="right")
    for figures in sorted(report["by_council"].values(), key=lambda c: str(c["name"])):
        councils.add_row(str(figures["name"]), *(cell(k, figures[k]) for k, _ in by_council))
    console.print(councils)

    other = Table(title="Withdrawals, checks not met and hours", show_header=False)
    other.add_column("what")
    other.add_column("how many", justify="right")
    for reason, n in report["withdrawals_by_reason"].items():
        if n:
            other.add_row(f"left the placement: {reason}", str(n))
    for condition, n in report["offers_withdrawn_by_condition"].items():
        if n:
            other.add_row(f"offer withdrawn, not met: {condition}", str(n))
    for kind, n in report["hours_by_kind"].items():
        other.add_row(f"hours: {kind}", cell(kind, n))
    console.print(other)

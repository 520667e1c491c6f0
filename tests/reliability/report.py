"""The suite's figures: one row per fault, printed as a table and written as JSON."""

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from returners_cli.stack.paths import repo_root

DEFINITIONS = {
    "events_checked": "submissions a client was told succeeded (201/200), all faults so far",
    "lost": "of those: no application.submitted or eligibility.decided event, no decision on "
    "the status endpoint, not counted by the reporting funnel, or an email (received, "
    "decision) not received",
    "duplicated": "more than one distinct event id of either type for one application, an "
    "application nobody was told of, the funnel counting more than were accepted, or one "
    "email received from two deliveries",
    "redelivered": "records of the same event id delivered again (at least once; no effect)",
    "recovery_s": "from the fault's end (restart issued / injection done) to every service "
    "ready again and the first submission sent after it decided on its status endpoint and "
    "counted by the funnel",
    "converged_s": "from the fault's end to every accepted submission checked as above and "
    "every consumer group committed up to the end of every event topic",
    "outage_s": "from the fault's start to its end",
    "api_stall_s": "writes stalled, as clients saw them: the longest time without a 201 from "
    "POST /applications, from the fault's start to recovery",
    "log_stall_s": "writes stalled, as the log saw them: the longest time without a record "
    "appended to the applications topic (its timestamps), from the fault's start to recovery",
    "restarts": "processes or supervised tasks restarted by themselves during the phase "
    "(after recovery, there must be none)",
}


@dataclass
class FaultRow:
    fault: str
    events_checked: int
    lost: int
    duplicated: int
    redelivered: int
    recovery_s: float | None  # None: did not recover before the deadline
    converged_s: float
    outage_s: float
    restarts: int
    notes: list[str] = field(default_factory=list)
    api_stall_s: float | None = None
    log_stall_s: float | None = None


ROWS: list[FaultRow] = []

COLUMNS = (
    ("fault", 34),
    ("events_checked", 8),
    ("lost", 5),
    ("duplicated", 6),
    ("redelivered", 8),
    ("recovery_s", 9),
    ("converged_s", 9),
    ("outage_s", 8),
    ("api_stall_s", 8),
    ("log_stall_s", 8),
    ("restarts", 8),
)
HEADINGS = (
    "fault",
    "checked",
    "lost",
    "dup",
    "redeliv",
    "recovery",
    "converged",
    "outage",
    "api stall",
    "log stall",
    "restarts",
)


# The JSON file of the suite running now, and its rows (ROWS has every suite's, for the
# summary); a suite of its own names its own file with set_artifact.
ARTIFACT = {"name": "reliability.json"}
FILE_ROWS: list[FaultRow] = []


def set_artifact(name: str) -> None:
    ARTIFACT["name"] = name
    FILE_ROWS.clear()


def artifact_path() -> Path:
    return repo_root() / "test-artifacts" / ARTIFACT["name"]


def record(row: FaultRow) -> None:
    ROWS.append(row)
    FILE_ROWS.append(row)
    path = artifact_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({"definitions": DEFINITIONS, "faults": [asdict(r) for r in FILE_ROWS]}, indent=2)
        + "\n"
    )


def table(rows: list[FaultRow]) -> list[str]:
    def cell(value: object, width: int) -> str:
        text = f"{value:.1f}s" if isinstance(value, float) else "-" if value is None else str(value)
        return text.ljust(width) if width > 9 else text.rjust(width)

    lines = ["  ".join(cell(h, w) for h, (_, w) in zip(HEADINGS, COLUMNS, strict=True))]
    for row in rows:
        lines.append("  ".join(cell(getattr(row, name), w) for name, w in COLUMNS))
        lines += [f"    {note}" for note in row.notes]
    return lines

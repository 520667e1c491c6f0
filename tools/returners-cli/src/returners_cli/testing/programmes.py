"""Programme definitions for tests and benchmarks, from the demo cohort's file."""

import json
from datetime import timedelta
from typing import Any

from returners_cli.stack.paths import repo_root
from returners_platform.clock import system_clock

DEMO_PROGRAMME_FILE = repo_root() / "deploy" / "local" / "programmes" / "rtsw-demo.json"


def programme_without_selection(programme_id: str | None = None, **fields: Any) -> dict[str, Any]:
    """The demo cohort's definition (open until 2030), minus its selection block: every
    eligible applicant goes straight to matching, as in a programme that does not select.
    ``fields`` replace the definition's (a ``selection`` block of the test's own among them)."""
    definition: dict[str, Any] = json.loads(DEMO_PROGRAMME_FILE.read_text())
    definition.pop("selection")
    if programme_id is not None:
        definition["programme_id"] = programme_id
    return definition | fields


def programme_with_selection(programme_id: str, **fields: Any) -> dict[str, Any]:
    """The demo cohort's definition with a selection block of its own that is open now: the
    assessment closes in 30 days, results come in 60 (a real programme's dates are fixed;
    a test's must lie ahead of the moment it runs)."""
    now = system_clock()
    definition = programme_without_selection(programme_id)
    selection = json.loads(DEMO_PROGRAMME_FILE.read_text())["selection"]
    selection["assessment"]["closes_at"] = (now + timedelta(days=30)).isoformat()
    selection["results_on"] = (now + timedelta(days=60)).date().isoformat()
    return definition | {"selection": selection} | fields

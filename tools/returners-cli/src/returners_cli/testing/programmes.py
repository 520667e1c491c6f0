"""Programme definitions for tests and benchmarks, from the demo cohort's file."""

import json
from typing import Any

from returners_cli.stack.paths import repo_root

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

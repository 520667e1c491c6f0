"""What the demo has done so far, kept on disk so that running it again is harmless."""

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class DemoState:
    seed: int
    councils: dict[str, dict[str, str]] = field(default_factory=dict)
    applicants: dict[str, dict[str, str]] = field(default_factory=dict)
    selection_decided: bool = False
    waitlisted: list[int] = field(default_factory=list)  # applicant indexes, at the results
    vacancies_posted: bool = False
    erased: list[str] = field(default_factory=list)  # application ids
    training: dict[str, Any] = field(default_factory=dict)  # the steps done after the offers
    professions: dict[str, Any] = field(default_factory=dict)  # the other cohorts' steps
    completed: bool = False

    @classmethod
    def load(cls, path: Path, seed: int) -> "DemoState":
        if path.exists():
            state = cls(**json.loads(path.read_text()))
            if state.seed == seed:
                return state
        return cls(seed=seed)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(self), indent=2))
        path.chmod(0o600)  # holds council keys and applicant tokens

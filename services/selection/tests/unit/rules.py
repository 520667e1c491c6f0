"""The 2020 programme's selection rules (SPEC.md), for the unit tests."""

from datetime import UTC, date, datetime

from returners_platform.contracts.events import (
    AssessmentRules,
    InterviewRules,
    Scale,
    SelectionRules,
)

RULES = SelectionRules(
    assessment=AssessmentRules(
        pass_mark=60, max_score=100, closes_at=datetime(2020, 4, 14, tzinfo=UTC), weight=0.4
    ),
    interview=InterviewRules(
        criteria=["values", "knowledge", "reflection", "communication"],
        scale=Scale(min=1, max=4),
        panel_size=2,
        pass_mark=10,
        weight=0.6,
    ),
    results_on=date(2020, 5, 4),
)

"""Reading the report answers in the shape the expectations are written in."""

from typing import Any


def by_group(breakdown: dict[str, Any]) -> dict[str | None, dict[str, Any]]:
    return {row.pop("group"): row for row in breakdown["rows"]}

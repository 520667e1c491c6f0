"""Fixtures shared by the applications service's tests."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from returners_cli.testing.submissions import submission_body
from returners_platform.contracts.events import ProgrammePublished
from returners_platform.contracts.examples import EXAMPLES


def open_programme(programme_id: str = "rtsw-open", **overrides: Any) -> ProgrammePublished:
    now = datetime.now(UTC)
    base = EXAMPLES[ProgrammePublished].model_dump()
    base.update(
        programme_id=programme_id,
        opens_at=now - timedelta(days=30),
        closes_at=now + timedelta(days=30),
        published_at=now,
    )
    base.update(overrides)
    return ProgrammePublished(**base)


@pytest.fixture
def body() -> dict[str, Any]:
    return submission_body()

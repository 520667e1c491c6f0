"""Fixtures shared by the applications service's tests."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from returners_platform.contracts.events import ProgrammePublished
from returners_platform.contracts.examples import EXAMPLES


def submission(**overrides: Any) -> dict[str, Any]:
    """A valid submission body (SPEC.md's example), with top-level fields overridden."""
    body: dict[str, Any] = {
        "programme_id": "rtsw-open",
        "contact": {
            "given_name": "Ada",
            "family_name": "Lovelace",
            "email": "ada@example.org",
            "phone": "+44 7700 900123",
            "postcode": "HP20 1UA",
        },
        "right_to_work_uk": True,
        "registration": {
            "body": "HCPC",
            "first_registered": "2004-09-01",
            "last_practised": "2014-06-30",
            "statutory_practice_years": 6,
            "currently_practising": False,
            "conditions_of_practice": False,
        },
        "preferences": {"regions": ["South East"], "specialisms": ["children"]},
        "consent": {"data_processing": True},
    }
    body.update(overrides)
    return body


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
    return submission()

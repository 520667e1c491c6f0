"""SPEC.md's example portal submission, the one body tests and benchmarks start from."""

from typing import Any


def submission_body(
    programme_id: str = "rtsw-open",
    *,
    contact: dict[str, Any] | None = None,
    registration: dict[str, Any] | None = None,
    preferences: dict[str, Any] | None = None,
    right_to_work_uk: bool = True,
) -> dict[str, Any]:
    """A valid `POST /applications` body; each section's fields given here replace the example's."""
    return {
        "programme_id": programme_id,
        "contact": {
            "given_name": "Ada",
            "family_name": "Lovelace",
            "email": "ada@example.org",
            "phone": "+44 7700 900123",
            "postcode": "HP20 1UA",
            **(contact or {}),
        },
        "right_to_work_uk": right_to_work_uk,
        "registration": {
            "body": "HCPC",
            "first_registered": "2004-09-01",
            "last_practised": "2014-06-30",
            "statutory_practice_years": 6,
            "currently_practising": False,
            "conditions_of_practice": False,
            **(registration or {}),
        },
        "preferences": {
            "regions": ["South East"],
            "specialisms": ["children"],
            **(preferences or {}),
        },
        "consent": {"data_processing": True},
    }

"""The guard that keeps personal data out of events.

Personal data lives only in the applications service. An event model whose
fields (at any depth) are named like personal data fails the contract tests.
"""

from typing import Any

from pydantic import BaseModel

PERSONAL_DATA_FIELD_MARKERS: tuple[str, ...] = (
    "name",
    "email",
    "phone",
    "mobile",
    "postcode",
    "post_code",
    "address",
    "birth",
    "dob",
    "registration_number",
    "national_insurance",
    "ni_number",
    "contact",
    # Equality monitoring (special category data): held only by the applications service.
    "equality",
    # the equality question's answer; a programme's ``career_break`` eligibility rule (and
    # the applicant's answer to it, which the rule reads) are eligibility, not monitoring
    "career_break_reason",
    "sex",
    "age_band",
    "ethnic",
    "disab",
    # a referee's (the applications service keeps who they are and what they wrote)
    "organisation",
    "relationship",
    "statement",
)

# Field names that contain a marker but are not personal data.
ALLOWED_FIELD_NAMES: frozenset[str] = frozenset({"name"})
# ``name`` is allowed only on these models (organisations, not people).
MODELS_WITH_ORGANISATION_NAME: frozenset[str] = frozenset({"CouncilRegistered"})


def personal_data_fields(model: type[BaseModel], path: str = "") -> list[str]:
    """Dotted paths of fields in ``model`` (recursively) that look like personal data."""
    found: list[str] = []
    for field_name, info in model.model_fields.items():
        dotted = f"{path}{field_name}"
        lowered = field_name.lower()
        allowed = lowered in ALLOWED_FIELD_NAMES and model.__name__ in MODELS_WITH_ORGANISATION_NAME
        if not allowed and any(marker in lowered for marker in PERSONAL_DATA_FIELD_MARKERS):
            found.append(dotted)
        for nested in _nested_models(info.annotation):
            found.extend(personal_data_fields(nested, f"{dotted}."))
    return found


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    nested: list[type[BaseModel]] = []
    for arg in getattr(annotation, "__args__", ()) or ():
        nested.extend(_nested_models(arg))
    return nested

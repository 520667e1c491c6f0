"""The referees form: the applicant's two referees from the posted form, as the applications
service takes them, and its refusals (by field) back onto the form's fields. Which kinds of
referee are allowed is the applications service's rule; the page only asks."""

from typing import Any

NUMBERS = (1, 2)
PARTS = ("name", "email", "organisation", "relationship", "kind")
MISSING = {
    "name": "Enter the referee's full name",
    "email": "Enter the referee's email address",
    "organisation": "Enter the referee's organisation and address",
    "relationship": "Enter how the referee knows you",
    "kind": "Select the kind of referee",
}
EMPLOYED = "employed"


def field_name(number: int, part: str) -> str:
    return f"referee{number}-{part}"


def referees_of(form: dict[str, list[str]]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The form's values by field, and what is missing (field, message) in the page's order."""
    values = {name: (form.get(name) or [""])[0].strip() for name in _names()}
    errors: list[tuple[str, str]] = []
    if values[EMPLOYED] not in ("yes", "no"):
        errors.append((EMPLOYED, "Select yes if you have had any paid work in the last 3 years"))
    for number in NUMBERS:
        for part in PARTS:
            name = field_name(number, part)
            if not values[name]:
                errors.append((name, MISSING[part]))
    return values, errors


def body_of(values: dict[str, str]) -> dict[str, Any]:
    """``POST /applications/{id}/referees``'s body."""
    return {
        "employed_in_last_three_years": values[EMPLOYED] == "yes",
        "referees": [
            {part: values[field_name(number, part)] for part in PARTS} for number in NUMBERS
        ],
    }


def form_errors(api_errors: list[dict[str, str]]) -> list[tuple[str, str]]:
    """The applications service's field errors (``referees.0.kind``) on the form's fields."""
    found = []
    for error in api_errors:
        path = str(error.get("field") or "").split(".")
        if len(path) == 3 and path[0] == "referees" and path[1] in ("0", "1"):
            found.append((field_name(int(path[1]) + 1, path[2]), _message(path[2], error)))
        else:
            found.append((EMPLOYED, str(error.get("message") or "Check your answers")))
    return found


def _message(part: str, error: dict[str, str]) -> str:
    if part == "kind":
        return "A character referee is only for someone with no paid work in the last 3 years"
    if part == "email" and error.get("code") == "referee_is_applicant":
        return "Give someone other than yourself"
    if part == "email":
        return "Enter an email address in the correct format, for a different referee"
    return str(error.get("message") or MISSING.get(part, "Check this answer"))


def _names() -> list[str]:
    return [EMPLOYED, *(field_name(n, p) for n in NUMBERS for p in PARTS)]

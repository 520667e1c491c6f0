"""The referees form: the applicant's two referees from the posted form, as the applications
service takes them, and its refusals (by field) back onto the form's fields.

Each referee is an employer, or (only for someone with no paid work in the last 3 years) a
professional or character referee. That rule is the applications service's; the page asks
whether the applicant had paid work lately, and needs the answer only when a referee is not an
employer (an applicant giving two employers may leave it unanswered: nothing is sent then).
"""

from typing import Any

NUMBERS = (1, 2)
PARTS = ("name", "email", "relationship", "organisation")
REQUIRED = ("name", "email", "relationship")
RELATIONSHIPS = ("employer", "professional", "character")
# The relationships only for someone with no paid work in the last 3 years.
WITHOUT_RECENT_WORK = frozenset({"professional", "character"})
MISSING = {
    "name": "Enter the referee's full name",
    "email": "Enter the referee's email address",
    "relationship": "Select how the referee knows you",
}
EMPLOYED = "employed"
EMPLOYED_FIELD = "employed_in_last_three_years"
EMPLOYED_MISSING = (
    "Select yes if you have had any paid work in the last 3 years: we need to know if you "
    "give a professional or character referee"
)
NOT_AN_EMPLOYER = (
    "A professional or character referee is only for someone with no paid work in the last 3 "
    "years: select employer"
)


def field_name(number: int, part: str) -> str:
    return f"referee{number}-{part}"


def referees_of(form: dict[str, list[str]]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The form's values by field, and what is missing (field, message) in the page's order:
    each referee's questions, then the paid work question (when a referee is not an
    employer)."""
    values = {name: (form.get(name) or [""])[0].strip() for name in _names()}
    errors: list[tuple[str, str]] = []
    for number in NUMBERS:
        for part in REQUIRED:
            name = field_name(number, part)
            if not values[name] or (part == "relationship" and values[name] not in RELATIONSHIPS):
                errors.append((name, MISSING[part]))
    if values[EMPLOYED] not in ("yes", "no") and _needs_employment(values):
        errors.append((EMPLOYED, EMPLOYED_MISSING))
    return values, errors


def body_of(values: dict[str, str]) -> dict[str, Any]:
    """``POST /applications/{id}/referees``'s body: the organisation only when given, the
    paid work answer only when given."""
    body: dict[str, Any] = {"referees": [_referee(values, number) for number in NUMBERS]}
    if values[EMPLOYED] in ("yes", "no"):
        body[EMPLOYED_FIELD] = values[EMPLOYED] == "yes"
    return body


def form_errors(api_errors: list[dict[str, str]]) -> list[tuple[str, str]]:
    """The applications service's field errors (``referees.0.relationship``,
    ``employed_in_last_three_years``) on the form's fields."""
    found = []
    for error in api_errors:
        field = str(error.get("field") or "")
        path = field.split(".")
        if field == EMPLOYED_FIELD:
            found.append((EMPLOYED, EMPLOYED_MISSING))
        elif (
            len(path) == 3 and path[0] == "referees" and path[1] in ("0", "1") and path[2] in PARTS
        ):
            found.append((field_name(int(path[1]) + 1, path[2]), _message(path[2], error)))
        else:
            found.append((EMPLOYED, str(error.get("message") or "Check your answers")))
    return found


def _needs_employment(values: dict[str, str]) -> bool:
    return any(values[field_name(n, "relationship")] in WITHOUT_RECENT_WORK for n in NUMBERS)


def _referee(values: dict[str, str], number: int) -> dict[str, str]:
    referee = {part: values[field_name(number, part)] for part in REQUIRED}
    if organisation := values[field_name(number, "organisation")]:
        referee["organisation"] = organisation
    return referee


def _message(part: str, error: dict[str, str]) -> str:
    if part == "relationship":
        return NOT_AN_EMPLOYER
    if part == "email" and error.get("code") == "referee_is_applicant":
        return "Give someone other than yourself"
    if part == "email":
        return "Enter an email address in the correct format, for a different referee"
    if part == "organisation":
        return "Organisation and address must be 500 characters or fewer"
    return str(error.get("message") or MISSING.get(part, "Check this answer"))


def _names() -> list[str]:
    return [EMPLOYED, *(field_name(n, p) for n in NUMBERS for p in PARTS)]

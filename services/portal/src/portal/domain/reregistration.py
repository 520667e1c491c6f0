"""The form a returner fills in once their placement is completed: when they applied to be
restored to the register, the regulator's decision so far, and when it was made. Reads the
form into the applications service's body, and its refusals back onto the form's fields."""

from datetime import date
from typing import Any

from portal.domain.wording import DECISIONS

APPLIED_ON, DECISION, DECIDED_ON = "applied_on", "decision", "decided_on"
DATES = (APPLIED_ON, DECIDED_ON)
PARTS = ("day", "month", "year")

MISSING = {
    APPLIED_ON: "Enter the date you applied to be restored to the register",
    DECISION: "Select the regulator's decision",
    DECIDED_ON: "Enter the date the regulator made its decision",
}
NOT_IN_FUTURE = {
    APPLIED_ON: "The date you applied must be today or in the past",
    DECIDED_ON: "The date of the decision must be today or in the past",
}
DECIDED_BEFORE_APPLIED = (
    "The date of the decision must be the same as or after the date you applied"
)

Errors = list[tuple[str, str]]  # (the input to link to, the message)


def _target(name: str) -> str:
    """The input an error links to: a date's day."""
    return f"{name}-day" if name in DATES else name


def _read_date(
    form: dict[str, list[str]], name: str, today: date
) -> tuple[date | None, str | None]:
    parts = {p: ((form.get(f"{name}-{p}") or [""])[0]).strip() for p in PARTS}
    if not any(parts.values()):
        return None, MISSING[name]
    missing = [p for p, v in parts.items() if not v]
    if missing:
        return None, f"The date must include a {' and '.join(missing)}"
    try:
        when = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        return None, "The date must be a real date"
    if when > today:
        return None, NOT_IN_FUTURE[name]
    return when, None


def values_of(form: dict[str, list[str]]) -> dict[str, Any]:
    """What the form shows again: each date's parts, the decision chosen."""
    values: dict[str, Any] = {
        name: {p: ((form.get(f"{name}-{p}") or [""])[0]).strip() for p in PARTS} for name in DATES
    }
    values[DECISION] = (form.get(DECISION) or [""])[0]
    return values


def report_of(form: dict[str, list[str]], today: date) -> tuple[dict[str, Any], Errors]:
    """The body for ``POST /applications/{id}/reregistration``, or the form's errors. A
    decision date is asked for once the regulator has decided, and not sent while pending."""
    errors: Errors = []
    applied_on, wrong = _read_date(form, APPLIED_ON, today)
    if wrong:
        errors.append((_target(APPLIED_ON), wrong))
    decision = (form.get(DECISION) or [""])[0]
    if decision not in DECISIONS:
        errors.append((DECISION, MISSING[DECISION]))
    decided_on = None
    if decision in DECISIONS and decision != "pending":
        decided_on, wrong = _read_date(form, DECIDED_ON, today)
        if wrong:
            errors.append((_target(DECIDED_ON), wrong))
        elif applied_on and decided_on and decided_on < applied_on:
            errors.append((_target(DECIDED_ON), DECIDED_BEFORE_APPLIED))
    if errors:
        return {}, errors
    assert applied_on is not None
    return {
        APPLIED_ON: applied_on.isoformat(),
        DECISION: decision,
        DECIDED_ON: decided_on.isoformat() if decided_on else None,
    }, []


def form_errors(api_errors: list[dict[str, str]]) -> Errors:
    """The applications service's field errors (422) on the form's fields."""
    found: Errors = []
    for error in api_errors:
        name = str(error.get("field") or "")
        message = str(error.get("message") or "")
        if name not in MISSING:
            found.append((_target(APPLIED_ON), message or "Check your answers"))
        elif name == DECIDED_ON and "before" in message:
            found.append((_target(name), DECIDED_BEFORE_APPLIED))
        elif name in NOT_IN_FUTURE and "future" in message:
            found.append((_target(name), NOT_IN_FUTURE[name]))
        else:
            found.append((_target(name), MISSING[name]))
    return found

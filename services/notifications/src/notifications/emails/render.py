"""Renders an applicant email from its template: a subject, a plain-text and an HTML body.

Templates live next to this file as ``<name>.txt`` and ``<name>.html`` (HTML is
autoescaped, plain text is not); the subject is the text template's first line
after ``Subject:``. A variable a template needs but was not given is an error.
"""

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from notifications.domain.local_time import london_time, long_date
from notifications.domain.wording import (
    condition_name,
    condition_not_met_sentence,
    hours_as_days,
    reason_sentences,
    referee_kind,
    reference_number,
    selection_reason_sentences,
    service_area,
    slot_unavailable_sentence,
)

TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE_NAMES = (
    "submitted",
    "eligible",
    "ineligible",
    "assessment_invited",
    "interview_invited",
    "interview_booked",
    "interview_reminder",
    "interview_slot_unavailable",
    "selection_result",
    "waitlist_promoted",
    "offered",
    "offer_expiring",
    "hired",
    "sign_in_link",
    "placement_conditions",
    "offer_withdrawn",
    "placement_started",
    "placement_completed",
    "reregistered",
    "reference_request",
    "reference_received",
)
SUBJECT_PREFIX = "Subject:"


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


class EmailRenderer:
    def __init__(self, templates: Path = TEMPLATES) -> None:
        self._env = Environment(
            loader=FileSystemLoader(templates),
            autoescape=select_autoescape(["html"], default_for_string=False),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
        )
        self._env.filters["london_time"] = london_time
        self._env.filters["long_date"] = long_date

    def render(self, template: str, variables: dict[str, Any]) -> RenderedEmail:
        text = self._env.get_template(f"{template}.txt").render(variables)
        first, _, body = text.partition("\n")
        if not first.startswith(SUBJECT_PREFIX):
            raise ValueError(f"{template}.txt must start with a {SUBJECT_PREFIX} line")
        html = self._env.get_template(f"{template}.html").render(variables)
        return RenderedEmail(first.removeprefix(SUBJECT_PREFIX).strip(), body.lstrip("\n"), html)


def template_variables(
    context: dict[str, Any], *, given_name: str, programme_title: str, council_name: str | None
) -> dict[str, Any]:
    """What templates see: the stored context (ids, codes, dates) made readable, plus names."""
    variables: dict[str, Any] = {
        "given_name": given_name,
        "programme_title": programme_title,
        "council_name": council_name or "the council",
    }
    for key, value in context.items():
        if key.endswith("_at") and isinstance(value, str):
            variables[key] = datetime.fromisoformat(value)
        elif key.endswith("_on") and isinstance(value, str):
            variables[key] = date.fromisoformat(value)
        else:
            variables[key] = value
    if "reasons" in context:
        variables["reasons"] = reason_sentences(list(context["reasons"]))
    if "selection_reasons" in context:
        variables["selection_reasons"] = selection_reason_sentences(
            list(context["selection_reasons"])
        )
    if "unavailable_reason" in context:
        variables["unavailable_reason"] = slot_unavailable_sentence(
            str(context["unavailable_reason"])
        )
    if "conditions" in context:
        variables["conditions"] = [condition_name(str(c)) for c in context["conditions"]]
    if "condition" in context:
        variables["condition"] = condition_name(str(context["condition"]))
        variables["condition_reason"] = condition_not_met_sentence(context.get("condition_reason"))
    for hours in ("required_hours", "total_hours"):
        if hours in context:
            variables[f"{hours}_as_days"] = hours_as_days(float(context[hours]))
    if "referee_kind" in context:
        variables["referee_kind"] = referee_kind(str(context["referee_kind"]))
    if "reference" in context:
        variables["reference"] = reference_number(str(context["reference"]))
    if "specialism" in context:
        variables["service_area"] = service_area(str(context["specialism"]))
    return variables

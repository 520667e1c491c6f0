"""The questions the portal asks, one thing per page, and how a page's form becomes answers.

A question names where its answers go in the application (``registration.last_practised``),
so the eligibility check and the application share them. ``read`` turns a page's form into
the answers and the errors, with the Design System's wording ("Enter ...", "Select ...").
The applications service checks every answer again when it is saved.
"""

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Literal

from returners_platform.contracts.vocabulary import (
    PREFER_NOT_TO_SAY,
    AgeBand,
    CareerBreakReason,
    Disability,
    Ethnicity,
    Region,
    Sex,
)

Kind = Literal["radios", "yes_no", "checkboxes", "date", "number", "text", "email", "tel"]
YES_NO = (("yes", "Yes"), ("no", "No"))

REGISTERS = (
    ("SWE", "Social Work England"),
    ("HCPC", "Health and Care Professions Council (HCPC)"),
    ("GSCC", "General Social Care Council (GSCC)"),
    ("SCW", "Social Care Wales"),
    ("CCW", "Care Council for Wales"),
    ("SSSC", "Scottish Social Services Council (SSSC)"),
    ("NISCC", "Northern Ireland Social Care Council (NISCC)"),
    ("NONE", "I have never been registered"),
)
SPECIALISMS = (("children", "Children and families"), ("adults", "Adults"))
REGIONS = tuple((r.value, r.value) for r in Region)
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
PHONE = re.compile(r"^\+?[0-9 ()-]{10,20}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"


@dataclass(frozen=True)
class Field:
    name: str  # the form field (and the element id)
    path: str  # where the answer goes: "registration.body"
    kind: Kind
    label: str
    missing: str  # the error when left empty
    hint: str = ""
    options: tuple[tuple[str, str], ...] = ()
    autocomplete: str | None = None
    width: str | None = None  # govuk-input--width-N
    optional: bool = False  # may be left unanswered (nothing is saved for it)


@dataclass(frozen=True)
class Question:
    slug: str
    title: str  # the page's heading (the legend or label when it has one field)
    fields: tuple[Field, ...]
    hint: str = ""

    @property
    def single(self) -> bool:
        return len(self.fields) == 1


@dataclass(frozen=True)
class Answered:
    answers: dict[str, Any]  # path -> value
    errors: list[tuple[str, str]]  # (element id, message), in the page's order
    values: dict[str, Any]  # what to show again in the form (as typed)


def _q(slug: str, field: Field, hint: str = "") -> Question:
    return Question(slug, field.label, (field,), hint or field.hint)


BODY = _q(
    "registration-body",
    Field(
        "body",
        "registration.body",
        "radios",
        "Which register were you last on as a social worker?",
        "Select the register you were last on, or that you have never been registered",
        options=REGISTERS,
    ),
)
FIRST_REGISTERED = _q(
    "first-registered",
    Field(
        "first_registered",
        "registration.first_registered",
        "date",
        "When did you first register as a social worker?",
        "Enter the date you first registered",
        hint="For example, 1 9 2004",
    ),
)
LAST_PRACTISED = _q(
    "last-practised",
    Field(
        "last_practised",
        "registration.last_practised",
        "date",
        "When did you last practise as a social worker?",
        "Enter the date you last practised",
        hint="Your last working day in a social work role. For example, 30 6 2014",
    ),
)
STATUTORY_YEARS = _q(
    "statutory-years",
    Field(
        "statutory_practice_years",
        "registration.statutory_practice_years",
        "number",
        "How many years did you practise in statutory social work?",
        "Enter how many years you practised in statutory social work",
        hint="Work for a council or the NHS under the law, for example child protection. "
        "Enter a number of years, like 6 or 2.5",
        width="4",
    ),
)
CURRENTLY_PRACTISING = _q(
    "currently-practising",
    Field(
        "currently_practising",
        "registration.currently_practising",
        "yes_no",
        "Are you practising as a social worker now?",
        "Select yes if you are practising as a social worker now",
        options=YES_NO,
    ),
)
CONDITIONS = _q(
    "conditions",
    Field(
        "conditions_of_practice",
        "registration.conditions_of_practice",
        "yes_no",
        "Were you ever suspended, or given conditions of practice, by a regulator?",
        "Select yes if you were ever suspended or given conditions of practice",
        options=YES_NO,
    ),
)
RIGHT_TO_WORK = _q(
    "right-to-work",
    Field(
        "right_to_work_uk",
        "right_to_work_uk",
        "yes_no",
        "Do you have the right to work in the UK?",
        "Select yes if you have the right to work in the UK",
        options=YES_NO,
    ),
)
CONTACT = Question(
    "contact",
    "Your contact details",
    (
        Field(
            "given_name",
            "contact.given_name",
            "text",
            "First name",
            "Enter your first name",
            autocomplete="given-name",
            width="20",
        ),
        Field(
            "family_name",
            "contact.family_name",
            "text",
            "Last name",
            "Enter your last name",
            autocomplete="family-name",
            width="20",
        ),
        Field(
            "email",
            "contact.email",
            "email",
            "Email address",
            "Enter your email address",
            hint="We will send your sign-in links and news about your application here",
            autocomplete="email",
        ),
        Field(
            "phone",
            "contact.phone",
            "tel",
            "UK phone number",
            "Enter your phone number",
            autocomplete="tel",
            width="20",
        ),
        Field(
            "postcode",
            "contact.postcode",
            "text",
            "Postcode",
            "Enter your postcode",
            autocomplete="postal-code",
            width="10",
        ),
    ),
)
REGIONS_Q = _q(
    "regions",
    Field(
        "regions",
        "preferences.regions",
        "checkboxes",
        "Where in England would you like a placement?",
        "Select at least one region",
        hint="Select all that apply",
        options=REGIONS,
    ),
)
SPECIALISMS_Q = _q(
    "specialisms",
    Field(
        "specialisms",
        "preferences.specialisms",
        "checkboxes",
        "Which areas of social work would you like to return to?",
        "Select at least one area of social work",
        hint="Select all that apply",
        options=SPECIALISMS,
    ),
)


def _equality(slug: str, name: str, label: str, labels: dict[str, str], hint: str = "") -> Question:
    """An equality monitoring question: radios in the vocabulary's order, "Prefer not to say"
    last (after "or"); optional, so continuing without an answer saves none."""
    codes = [*labels, PREFER_NOT_TO_SAY]
    return _q(
        slug,
        Field(
            name,
            f"equality.{name}",
            "radios",
            label,
            "",
            hint=hint or "This question is optional",
            options=tuple((code, labels.get(code, "Prefer not to say")) for code in codes),
            optional=True,
        ),
    )


def _labelled(vocabulary: type[StrEnum], labels: dict[str, str]) -> dict[str, str]:
    """The vocabulary's codes (but "prefer not to say") with their labels, every code named."""
    codes = [code.value for code in vocabulary if code.value != PREFER_NOT_TO_SAY]
    assert set(codes) == set(labels), f"{vocabulary.__name__}: label every code"
    return {code: labels[code] for code in codes}


CAREER_BREAK = _equality(
    "equality-career-break",
    "career_break_reason",
    "What was the main reason for your career break?",
    _labelled(
        CareerBreakReason,
        {
            "caring_for_children": "Caring for children",
            "caring_for_an_adult": "Caring for an adult, such as a partner, parent or relative",
            "own_health": "My own health",
            "other": "Another reason",
        },
    ),
)
SEX = _equality(
    "equality-sex",
    "sex",
    "What is your sex?",
    _labelled(Sex, {"female": "Female", "male": "Male"}),
)
AGE_BAND = _equality(
    "equality-age",
    "age_band",
    "What is your age?",
    _labelled(
        AgeBand,
        {
            "16_to_24": "16 to 24",
            "25_to_34": "25 to 34",
            "35_to_44": "35 to 44",
            "45_to_54": "45 to 54",
            "55_to_64": "55 to 64",
            "65_and_over": "65 or over",
        },
    ),
)
ETHNICITY = _equality(
    "equality-ethnicity",
    "ethnicity",
    "What is your ethnic group?",
    _labelled(
        Ethnicity,
        {
            "asian": "Asian or Asian British",
            "black": "Black, Black British, Caribbean or African",
            "mixed": "Mixed or multiple ethnic groups",
            "white": "White",
            "other": "Another ethnic group",
        },
    ),
)
DISABILITY = _equality(
    "equality-disability",
    "disability",
    "Do you consider yourself to have a disability or long-term health condition?",
    _labelled(Disability, {"yes": "Yes", "no": "No"}),
    hint="A physical or mental condition that has a substantial and long-term effect on your "
    "day-to-day activities. This question is optional",
)

# The eligibility check, before applying: what the programme's rules read.
CHECK = (BODY, LAST_PRACTISED, STATUTORY_YEARS, CURRENTLY_PRACTISING, CONDITIONS, RIGHT_TO_WORK)


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    questions: tuple[Question, ...]
    optional: bool = False  # the application may be sent without it
    start: str | None = None  # the page the task list opens, if not its first question


# The application as a task list.
SECTIONS = (
    Section("contact", "Your contact details", (CONTACT,)),
    Section(
        "registration",
        "Your social work registration",
        (BODY, FIRST_REGISTERED, LAST_PRACTISED, STATUTORY_YEARS, CURRENTLY_PRACTISING, CONDITIONS),
    ),
    Section("right-to-work", "Your right to work", (RIGHT_TO_WORK,)),
    Section("preferences", "Where and what you would like to work in", (REGIONS_Q, SPECIALISMS_Q)),
    Section(
        "equality",
        "Equality monitoring",
        (CAREER_BREAK, SEX, AGE_BAND, ETHNICITY, DISABILITY),
        optional=True,
        start="/apply/equality",
    ),
)
QUESTIONS = {q.slug: q for q in (*CHECK, *(q for s in SECTIONS for q in s.questions))}


def get(answers: dict[str, Any], path: str) -> Any:
    value: Any = answers
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def nested(flat: dict[str, Any]) -> dict[str, Any]:
    """``{"registration.body": "HCPC"}`` as ``{"registration": {"body": "HCPC"}}``."""
    result: dict[str, Any] = {}
    for path, value in flat.items():
        *parents, last = path.split(".")
        node = result
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return result


def answered(answers: dict[str, Any], path: str) -> bool:
    """Whether the question was answered (a register of None answers "never registered")."""
    *parents, last = path.split(".")
    node: Any = answers
    for part in parents:
        node = node.get(part) if isinstance(node, dict) else None
    return isinstance(node, dict) and last in node


def section_complete(section: Section, answers: dict[str, Any]) -> bool:
    return all(answered(answers, f.path) for q in section.questions for f in q.fields)


def shown(field: Field, answers: dict[str, Any]) -> Any:
    """An answer as its form shows it: yes/no, a date's parts, a list, a string."""
    value = get(answers, field.path)
    if field.path == "registration.body" and value is None and answered(answers, field.path):
        return "NONE"
    if value is None:
        return [] if field.kind == "checkboxes" else ""
    if field.kind == "yes_no":
        return "yes" if value else "no"
    if field.kind == "date":
        year, month, day = str(value).split("-")
        return {"day": str(int(day)), "month": str(int(month)), "year": year}
    if field.kind == "number":
        return f"{value:g}" if isinstance(value, float | int) else str(value)
    return value


def read(question: Question, form: dict[str, list[str]], today: date) -> Answered:
    answers: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    values: dict[str, Any] = {}
    for field in question.fields:
        value, error, typed = _read_field(field, form, today)
        values[field.name] = typed
        if error:
            errors.append((_error_target(field), error))
        elif value is not None or not field.optional:
            answers[field.path] = value
    if answers.get("registration.body", "") is None:  # never registered: no first date
        answers["registration.first_registered"] = None
    return Answered(answers, errors, values)


def _error_target(field: Field) -> str:
    """The element the error summary links to: a group's first input."""
    if field.kind == "date":
        return f"{field.name}-day"
    return field.name


def _first(form: dict[str, list[str]], name: str) -> str:
    return (form.get(name) or [""])[0].strip()


def email_of(form: dict[str, list[str]], *, missing: str) -> tuple[str, str | None]:
    """The email address a form asks for by (sign in, save and come back later), as typed,
    and what is wrong with it: ``missing`` where there is none."""
    email = _first(form, "email")
    if not EMAIL.match(email):
        return email, EMAIL_FORMAT if email else missing
    return email, None


def _read_field(
    field: Field, form: dict[str, list[str]], today: date
) -> tuple[Any, str | None, Any]:
    if field.kind == "checkboxes":
        chosen = [v for v in form.get(field.name, []) if v in dict(field.options)]
        return chosen, (None if chosen else field.missing), chosen
    if field.kind == "date":
        return _read_date(field, form, today)
    raw = _first(form, field.name)
    if not raw:
        return None, (None if field.optional else field.missing), raw
    if field.kind in ("radios", "yes_no"):
        if raw not in dict(field.options):
            return None, (None if field.optional else field.missing), ""
        if field.kind == "yes_no":
            return raw == "yes", None, raw
        return (None if raw == "NONE" else raw), None, raw
    if field.kind == "number":
        try:
            number = float(raw)
        except ValueError:
            return None, f"{field.label.rstrip('?')} must be a number, like 6 or 2.5", raw
        if not 0 <= number <= 60:
            return None, "Enter a number of years between 0 and 60", raw
        return (int(number) if number.is_integer() else number), None, raw
    if field.kind == "email" and not EMAIL.match(raw):
        return None, EMAIL_FORMAT, raw
    if field.kind == "tel" and not PHONE.match(raw):
        return None, "Enter a UK phone number, like 07700 900 982 or +44 7700 900 982", raw
    if field.name == "postcode":
        postcode = raw.upper()
        if not POSTCODE.match(postcode):
            return None, "Enter a full UK postcode, like HP20 1UA", raw
        return postcode, None, raw
    return raw, None, raw


def _read_date(
    field: Field, form: dict[str, list[str]], today: date
) -> tuple[Any, str | None, Any]:
    parts = {p: _first(form, f"{field.name}-{p}") for p in ("day", "month", "year")}
    if not any(parts.values()):
        return None, field.missing, parts
    missing = [p for p, v in parts.items() if not v]
    if missing:
        return None, f"The date must include a {' and '.join(missing)}", parts
    try:
        when = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        return None, "The date must be a real date", parts
    if when.year < 1950:
        return None, "The date must be after 1950", parts
    if when > today:
        return None, "The date must be today or in the past", parts
    return when.isoformat(), None, parts


def display(field: Field, answers: dict[str, Any]) -> list[str]:
    """An answer as "check your answers" shows it (one line per item); [] if unanswered."""
    if not answered(answers, field.path):
        return []
    value = get(answers, field.path)
    labels = dict(field.options)
    if field.path == "registration.body" and value is None:
        return [labels["NONE"]]
    if value is None:
        return ["Not applicable"]
    if field.kind == "yes_no":
        return ["Yes" if value else "No"]
    if field.kind == "radios":
        return [labels.get(value, value)]
    if field.kind == "checkboxes":
        return [labels.get(v, v) for v in value]
    if field.kind == "date":
        when = date.fromisoformat(value)
        return [f"{when.day} {when:%B %Y}"]
    if field.kind == "number":
        return [f"{value:g} years"]
    return [str(value)]


def field_at(path: str) -> tuple[Question, Field] | None:
    """The question and field an answer's path belongs to (for the service's own errors)."""
    for section in SECTIONS:
        for question in section.questions:
            for field in question.fields:
                if field.path == path:
                    return question, field
    return None

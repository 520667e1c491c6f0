"""The returner's updating record: a PDF (fpdf2) the returner can submit to the regulator,
listing the dated hours of every kind that count (each correction in place of what it
corrected), the totals against the requirement, and the council's sign-off.

The core PDF fonts cover Latin-1 only: text outside it is shown as ``?``.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING
from uuid import UUID

from returners_platform.contracts.vocabulary import HoursKind

if TYPE_CHECKING:
    from fpdf import FPDF

TITLE = "Updating record"
KIND_LABELS: dict[HoursKind, str] = {
    HoursKind.PLACEMENT: "Placement",
    HoursKind.WORKSHOP: "Workshop",
    HoursKind.COACHING: "Coaching",
    HoursKind.MENTORING: "Mentoring",
    HoursKind.INTERVIEW_PREPARATION: "Interview preparation",
}


@dataclass(frozen=True)
class Line:
    worked_on: date
    kind: HoursKind
    hours: float


@dataclass(frozen=True)
class UpdatingRecord:
    placement_id: UUID
    application_id: UUID
    programme_id: str
    council_id: UUID
    region: str
    updating_days: int
    required_hours: float
    started_on: date | None
    ended_on: date | None
    completed_on: date | None
    lines: list[Line]  # the effective entries, in date order
    by_kind: dict[HoursKind, float]
    total_hours: float
    signed_off_by: str | None
    signed_off_at: datetime | None
    generated_at: datetime


def hours_text(hours: float) -> str:
    return f"{hours:.2f}"


def render(record: UpdatingRecord) -> bytes:
    # Imported at the first render, not at start-up: fpdf brings Pillow, fontTools and
    # cryptography, 34 MiB of an idle service's memory and 0.8 s of its start, for a
    # document asked for now and then.
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(TITLE)
    pdf.set_author("Returners platform")
    pdf.set_subject(f"Updating record of application {record.application_id}")
    pdf.set_creation_date(record.generated_at)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    _line(pdf, TITLE, height=10)
    pdf.set_font("Helvetica", size=10)
    for label, text in (
        ("Programme", record.programme_id),
        ("Application", str(record.application_id)),
        ("Placement", str(record.placement_id)),
        ("Council", str(record.council_id)),
        ("Region", record.region),
        ("Started on", _date(record.started_on)),
        ("Ended on", _date(record.ended_on)),
        ("Completed on", _date(record.completed_on)),
    ):
        _line(pdf, f"{label}: {text}")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 12)
    _line(pdf, "Hours logged", height=8)
    pdf.set_font("Helvetica", "B", 10)
    _row(pdf, "Date", "Kind", "Hours")
    pdf.set_font("Helvetica", size=10)
    for line in record.lines:
        _row(pdf, line.worked_on.isoformat(), KIND_LABELS[line.kind], hours_text(line.hours))
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 12)
    _line(pdf, "Totals by kind", height=8)
    pdf.set_font("Helvetica", size=10)
    for kind in HoursKind:
        _row(pdf, "Total", KIND_LABELS[kind], hours_text(record.by_kind.get(kind, 0.0)))
    pdf.set_font("Helvetica", "B", 10)
    _row(pdf, "Total", "All kinds", hours_text(record.total_hours))
    _row(
        pdf,
        "Required",
        f"{record.updating_days} days of updating",
        hours_text(record.required_hours),
    )
    met = record.total_hours + 1e-9 >= record.required_hours
    _line(pdf, f"Requirement: {'met' if met else 'not yet met'}")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 12)
    _line(pdf, "Council sign-off", height=8)
    pdf.set_font("Helvetica", size=10)
    if record.signed_off_at:
        _line(pdf, f"Signed off by: {record.signed_off_by or 'the council'}")
        _line(pdf, f"Signed off on: {record.signed_off_at.date().isoformat()}")
    else:
        _line(pdf, "Not yet signed off: the placement has not ended.")
    _line(pdf, f"Generated: {record.generated_at.isoformat(timespec='seconds')}")
    return bytes(pdf.output())


def _date(day: date | None) -> str:
    return day.isoformat() if day else "-"


_PLAIN = str.maketrans(
    {"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
)


def _latin1(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def _line(pdf: "FPDF", text: str, *, height: float = 6) -> None:
    pdf.cell(0, height, _latin1(text), new_x="LMARGIN", new_y="NEXT")


def _row(pdf: "FPDF", first: str, second: str, third: str) -> None:
    pdf.cell(35, 6, _latin1(first))
    pdf.cell(80, 6, _latin1(second))
    pdf.cell(25, 6, third, align="R", new_x="LMARGIN", new_y="NEXT")

"""Equality monitoring: the application's optional questions, and the report of outcomes by
answer, in aggregate only, with small numbers suppressed.

The Government Equalities Office funds the programme to help people who left to care for
someone; this report is how it sees whether it did. The answers are held by this service
alone, never published in an event, and erased with the rest of the applicant's data.

Each applicant is counted once per question, under their answer (or ``not_answered``: left
out, or erased since), and once in the outcome where their application stands now (its
status, grouped as ``OUTCOME_OF_STATUS``); a row's total is how many applied.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from applications.domain.status import ApplicationStatus
from applications.domain.suppression import THRESHOLD, Entry, extended, suppress
from returners_platform.contracts.vocabulary import (
    AgeBand,
    CareerBreakReason,
    Disability,
    Ethnicity,
    Sex,
)

OPTIONAL = "Optional; each may be left out or answered prefer_not_to_say"


class EqualityAnswers(BaseModel):
    """The equality monitoring questions, every one optional. Never shared: held by the
    applications service only, for the aggregate report."""

    model_config = ConfigDict(extra="forbid")

    career_break_reason: CareerBreakReason | None = Field(
        default=None, description="Why the applicant left practice"
    )
    sex: Sex | None = None
    age_band: AgeBand | None = None
    ethnicity: Ethnicity | None = Field(default=None, description="The ONS's broad groups")
    disability: Disability | None = Field(
        default=None, description="A condition with a substantial, long-term effect on daily life"
    )

    def answered(self) -> dict[str, str]:
        """The answers given, by question (those left out left out)."""
        return {k: v.value for k, v in self if v is not None}


QUESTIONS: dict[str, type[StrEnum]] = {
    "career_break_reason": CareerBreakReason,
    "sex": Sex,
    "age_band": AgeBand,
    "ethnicity": Ethnicity,
    "disability": Disability,
}
NOT_ANSWERED = "not_answered"
TOTAL = "total"


class Outcome(StrEnum):
    """Where an application stands now, as the report counts it."""

    AWAITING_ELIGIBILITY = "awaiting_eligibility"
    INELIGIBLE = "ineligible"
    ELIGIBLE = "eligible"  # in selection, or waiting for an offer
    NOT_SELECTED = "not_selected"  # waitlisted or rejected
    SELECTED = "selected"
    OFFERED = "offered"
    ACCEPTED = "accepted"  # an offer accepted, its placement not started
    IN_PLACEMENT = "in_placement"
    COMPLETED = "completed"  # the placement completed, not (yet) re-registered
    REREGISTERED = "reregistered"
    HIRED = "hired"
    WITHDRAWN = "withdrawn"  # withdrew, or left the placement, or its conditions were not met


OUTCOME_OF_STATUS: dict[ApplicationStatus, Outcome] = {
    ApplicationStatus.SUBMITTED: Outcome.AWAITING_ELIGIBILITY,
    ApplicationStatus.INELIGIBLE: Outcome.INELIGIBLE,
    ApplicationStatus.ELIGIBLE: Outcome.ELIGIBLE,
    ApplicationStatus.INVITED: Outcome.ELIGIBLE,
    ApplicationStatus.INTERVIEWING: Outcome.ELIGIBLE,
    ApplicationStatus.WAITLISTED: Outcome.NOT_SELECTED,
    ApplicationStatus.REJECTED: Outcome.NOT_SELECTED,
    ApplicationStatus.SELECTED: Outcome.SELECTED,
    ApplicationStatus.OFFERED: Outcome.OFFERED,
    ApplicationStatus.ACCEPTED: Outcome.ACCEPTED,
    ApplicationStatus.IN_PLACEMENT: Outcome.IN_PLACEMENT,
    ApplicationStatus.COMPLETED: Outcome.COMPLETED,
    ApplicationStatus.REREGISTERED: Outcome.REREGISTERED,
    ApplicationStatus.HIRED: Outcome.HIRED,
    ApplicationStatus.WITHDRAWN: Outcome.WITHDRAWN,
    ApplicationStatus.PLACEMENT_WITHDRAWN: Outcome.WITHDRAWN,
    ApplicationStatus.OFFER_WITHDRAWN: Outcome.WITHDRAWN,
}
OUTCOMES = tuple(Outcome)


@dataclass(frozen=True)
class Count:
    """How many of a programme's applications answered ``question`` with ``answer`` (None: not
    answered) and stand at ``status``."""

    question: str
    answer: str | None
    status: ApplicationStatus
    applicants: int


@dataclass(frozen=True)
class Cell:
    count: int | None  # None when suppressed
    suppressed: bool


@dataclass(frozen=True)
class Row:
    answer: str
    applied: Cell  # the row's total
    outcomes: dict[Outcome, Cell]


@dataclass(frozen=True)
class QuestionTable:
    question: str
    rows: tuple[Row, ...]
    total: Row  # every applicant: the outcomes' totals and how many applied in all


@dataclass(frozen=True)
class Report:
    programme_id: str
    threshold: int
    questions: tuple[QuestionTable, ...]


def answers_of(question: str) -> tuple[str, ...]:
    return (*(a.value for a in QUESTIONS[question]), NOT_ANSWERED)


def report(programme_id: str, counts: Iterable[Count]) -> Report:
    """The report from the programme's counts, suppressed. The totals row is the same in
    every question's table, so an entry of it suppressed in one is suppressed in all (else
    the others would show it)."""
    tables = {question: _cells(question, counts_of) for question, counts_of in _by_question(counts)}
    shared: set[int] = set()  # columns of the totals row suppressed somewhere
    while True:
        hidden = {
            question: suppress(cells, also={(len(cells), j) for j in shared})
            for question, cells in tables.items()
        }
        now = {j for q, h in hidden.items() for i, j in h if i == len(tables[q])}
        if now == shared:
            break
        shared = now
    return Report(
        programme_id=programme_id,
        threshold=THRESHOLD,
        questions=tuple(
            _table(question, cells, hidden[question]) for question, cells in tables.items()
        ),
    )


def _by_question(counts: Iterable[Count]) -> list[tuple[str, list[Count]]]:
    grouped: dict[str, list[Count]] = {question: [] for question in QUESTIONS}
    for count in counts:
        grouped[count.question].append(count)
    return list(grouped.items())


def _cells(question: str, counts: list[Count]) -> list[list[int]]:
    answers = answers_of(question)
    cells = [[0] * len(OUTCOMES) for _ in answers]
    for count in counts:
        row = answers.index(count.answer or NOT_ANSWERED)
        cells[row][OUTCOMES.index(OUTCOME_OF_STATUS[count.status])] += count.applicants
    return cells


def _table(question: str, cells: list[list[int]], hidden: frozenset[Entry]) -> QuestionTable:
    grid = extended(cells)

    def cell(i: int, j: int) -> Cell:
        suppressed = (i, j) in hidden
        return Cell(None if suppressed else grid[i][j], suppressed)

    def row(i: int, answer: str) -> Row:
        return Row(
            answer=answer,
            applied=cell(i, len(OUTCOMES)),
            outcomes={outcome: cell(i, j) for j, outcome in enumerate(OUTCOMES)},
        )

    answers = answers_of(question)
    return QuestionTable(
        question=question,
        rows=tuple(row(i, answer) for i, answer in enumerate(answers)),
        total=row(len(answers), TOTAL),
    )


SUPPRESSED = "[c]"  # the Government Statistical Service's mark for a confidential count


def as_csv(found: Report) -> str:
    """One line per question and answer (then the question's total): its counts, ``[c]``
    where suppressed."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["question", "answer", "applied", *OUTCOMES])
    for table in found.questions:
        for row in (*table.rows, table.total):
            writer.writerow(
                [
                    table.question,
                    row.answer,
                    *(
                        SUPPRESSED if c.suppressed else c.count
                        for c in (row.applied, *row.outcomes.values())
                    ),
                ]
            )
    return out.getvalue()

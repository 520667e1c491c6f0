"""The equality report: outcomes by answer, every count under 5 suppressed, the totals every
question's table shares suppressed alike; and the optional questions of the form."""

import csv
import io

import pytest
from pydantic import ValidationError

from applications.api.schemas import EqualityReportView, Submission
from applications.domain.drafts import DraftAnswers
from applications.domain.equality import (
    NOT_ANSWERED,
    OUTCOME_OF_STATUS,
    QUESTIONS,
    Count,
    EqualityAnswers,
    Outcome,
    Report,
    as_csv,
    report,
)
from applications.domain.status import ApplicationStatus
from returners_cli.testing.submissions import submission_body

S = ApplicationStatus


def counts_for(people: list[tuple[dict[str, str], ApplicationStatus]]) -> list[Count]:
    """What the store counts for these people (their answers, their status)."""
    tally: dict[tuple[str, str | None, ApplicationStatus], int] = {}
    for answers, status in people:
        for question in QUESTIONS:
            key = (question, answers.get(question), status)
            tally[key] = tally.get(key, 0) + 1
    return [Count(q, a, s, n) for (q, a, s), n in tally.items()]


def shown_counts(found: Report) -> list[int]:
    return [
        cell.count
        for table in found.questions
        for row in (*table.rows, table.total)
        for cell in (row.applied, *row.outcomes.values())
        if cell.count is not None
    ]


def test_every_status_counts_as_one_outcome() -> None:
    assert set(OUTCOME_OF_STATUS) == set(ApplicationStatus)


def test_a_large_group_is_shown_and_a_small_one_is_suppressed_with_what_would_give_it_away() -> (
    None
):
    people = (
        [({"sex": "female"}, S.HIRED)] * 12
        + [({"sex": "female"}, S.INELIGIBLE)] * 9
        + [({"sex": "male"}, S.HIRED)] * 3
        + [({"sex": "male"}, S.INELIGIBLE)] * 8
        + [({}, S.HIRED)] * 6
        + [({}, S.INELIGIBLE)] * 7
    )
    found = report("rtsw-open", counts_for(people))
    [sex] = [t for t in found.questions if t.question == "sex"]
    rows = {row.answer: row for row in sex.rows}
    assert rows["female"].applied.count == 21
    male_hired = rows["male"].outcomes[Outcome.HIRED]
    assert (male_hired.count, male_hired.suppressed) == (None, True)
    # Neither male's applied total nor the hired total leaves male-hired as a difference.
    assert rows["male"].outcomes[Outcome.INELIGIBLE].suppressed or rows["male"].applied.suppressed
    assert [r.outcomes[Outcome.HIRED].suppressed for r in (*sex.rows, sex.total)].count(True) >= 2
    assert all(count >= 5 for count in shown_counts(found))


def test_answers_nobody_gave_are_rows_of_suppressed_zeros_that_nothing_shown_gives_away() -> None:
    people = [({"sex": "female"}, S.ELIGIBLE)] * 30 + [({"sex": "female"}, S.HIRED)] * 20
    found = report("rtsw-open", counts_for(people))
    [age] = [t for t in found.questions if t.question == "age_band"]
    assert [r.answer for r in age.rows][-1] == NOT_ANSWERED
    assert all(
        cell.suppressed for row in age.rows[:-1] for cell in (row.applied, *row.outcomes.values())
    )
    # Everyone left it out: the zeros beside 30 and 20 are suppressed, and so is enough of
    # the rest that they cannot be worked out as the row's total less what is shown.
    left_out = age.rows[-1]
    shown = [c.count for c in left_out.outcomes.values() if c.count is not None]
    assert left_out.applied.count is None or sum(shown) < left_out.applied.count


def test_the_totals_every_table_shares_are_suppressed_in_all_if_in_one() -> None:
    people = [({"sex": "female", "disability": "no"}, S.HIRED)] * 20 + [
        ({"sex": "female", "disability": "yes"}, S.WITHDRAWN)
    ] * 2
    found = report("rtsw-open", counts_for(people))
    totals = {t.question: t.total.outcomes[Outcome.WITHDRAWN] for t in found.questions}
    assert {cell.suppressed for cell in totals.values()} == {True}
    grand = {t.total.applied.count for t in found.questions}
    assert len(grand) == 1  # one grand total, shown or suppressed alike everywhere


def test_the_report_as_csv_marks_suppressed_counts() -> None:
    people = [({"sex": "female"}, S.HIRED)] * 12 + [({"sex": "male"}, S.HIRED)] * 2
    text = as_csv(report("rtsw-open", counts_for(people)))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["question", "answer", "applied", *(o.value for o in Outcome)]
    female = next(r for r in rows if r[:2] == ["sex", "female"])
    male = next(r for r in rows if r[:2] == ["sex", "male"])
    assert female[2] == "12" or female[2] == "[c]"
    assert male[2] == "[c]"
    assert len(rows) == 1 + sum(len(QUESTIONS[q]) + 2 for q in QUESTIONS)  # answers, NA, total


def test_the_json_view_names_every_outcome_and_question() -> None:
    view = EqualityReportView.of(report("rtsw-open", []))
    assert [q.question for q in view.questions] == list(QUESTIONS)
    assert view.outcomes == list(Outcome)
    assert view.questions[0].total.applied.suppressed  # nobody applied: 0 is under 5


def test_every_question_may_be_left_out_or_answered_prefer_not_to_say() -> None:
    assert Submission.model_validate(submission_body()).equality is None
    answers = {q: "prefer_not_to_say" for q in QUESTIONS}
    parsed = Submission.model_validate({**submission_body(), "equality": answers})
    assert parsed.equality is not None
    assert parsed.equality.answered() == answers
    assert EqualityAnswers.model_validate({"sex": "female"}).answered() == {"sex": "female"}


@pytest.mark.parametrize(
    ("question", "answer"),
    [("sex", "robot"), ("ethnicity", "martian"), ("career_break_reason", "sabbatical")],
)
def test_an_unknown_answer_is_refused_naming_the_question(question: str, answer: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Submission.model_validate({**submission_body(), "equality": {question: answer}})
    assert caught.value.errors()[0]["loc"] == ("equality", question)


def test_an_unknown_question_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        DraftAnswers.model_validate({"equality": {"religion": "none"}})
    assert caught.value.errors()[0]["loc"] == ("equality", "religion")

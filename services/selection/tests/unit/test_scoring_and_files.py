"""Panel scores against the criteria and scale; the interview score; results files."""

import uuid

import pytest

from selection.domain import results_file, scoring

from .rules import RULES

INTERVIEW = RULES.interview
ALL_THREES = dict.fromkeys(INTERVIEW.criteria, 3)


def test_a_full_set_of_scores_on_the_scale_is_valid() -> None:
    assert scoring.check_panel_scores(ALL_THREES, INTERVIEW) == []
    assert scoring.panel_total(ALL_THREES) == 12


def test_missing_unknown_and_off_scale_scores_are_each_named() -> None:
    scores = {**ALL_THREES, "values": 5, "charm": 4}
    del scores["communication"]
    problems = {p.field: p.message for p in scoring.check_panel_scores(scores, INTERVIEW)}
    assert set(problems) == {"scores.communication", "scores.charm", "scores.values"}
    assert "between 1 and 4" in problems["scores.values"]


def test_the_interview_score_is_the_mean_of_the_panels_totals_once_complete() -> None:
    assert scoring.interview_score([12], INTERVIEW) is None
    assert scoring.interview_score([12, 13], INTERVIEW) == 12.5


@pytest.mark.parametrize(("score", "problem"), [(-1, True), (0, False), (100, False), (101, True)])
def test_an_assessment_score_lies_between_0_and_the_maximum(score: float, problem: bool) -> None:
    assert (scoring.check_assessment_score(score, RULES) is not None) == problem


def test_a_results_file_reads_its_rows_and_names_each_bad_one() -> None:
    good = uuid.uuid4()
    text = "\n".join(
        [
            "application_id,score,attempt",
            f"{good},72.5,1",
            "not-an-id,50,1",
            f"{uuid.uuid4()},lots,1",
            f"{uuid.uuid4()},50,0",
            f"{uuid.uuid4()},50",
            "",
        ]
    )
    rows, errors = results_file.read(text)
    assert [(r.row, r.application_id, r.score, r.attempt) for r in rows] == [(2, good, 72.5, 1)]
    assert [(e.row, e.field) for e in errors] == [
        (3, "application_id"),
        (4, "score"),
        (5, "attempt"),
        (6, "row"),
    ]


@pytest.mark.parametrize("header", ["", "id,score,attempt", "application_id,score"])
def test_a_file_without_the_header_is_refused_whole(header: str) -> None:
    with pytest.raises(results_file.UnreadableFile):
        results_file.read(f"{header}\n{uuid.uuid4()},50,1\n")

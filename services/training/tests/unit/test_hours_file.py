"""A council's hours file: good rows read, each bad one named by its line and field; a wrong
header refuses the whole file."""

import uuid
from datetime import date

import pytest

from returners_platform.contracts.vocabulary import HoursKind
from training.domain import hours_file


def test_good_rows_are_read_and_each_bad_row_is_named_by_line_and_field() -> None:
    a, b = uuid.uuid4(), uuid.uuid4()
    text = "\n".join(
        [
            "application_id,on,hours,kind",
            f"{a},2020-05-05,7,placement",
            "not-an-id,2020-05-05,7,placement",
            f"{b},05/05/2020,7,placement",
            f"{b},2020-05-06,seven,placement",
            f"{b},2020-05-06,25,placement",
            f"{b},2020-05-06,3,sleeping",
            f"{b},2020-05-06,3",
            "",
            f"{b},2020-05-07,2.5,interview_preparation",
        ]
    )
    rows, errors = hours_file.read(text)
    assert [(r.row, r.application_id, r.worked_on, r.hours, r.kind) for r in rows] == [
        (2, a, date(2020, 5, 5), 7.0, HoursKind.PLACEMENT),
        (10, b, date(2020, 5, 7), 2.5, HoursKind.INTERVIEW_PREPARATION),
    ]
    assert [(e.row, e.field) for e in errors] == [
        (3, "application_id"),
        (4, "on"),
        (5, "hours"),
        (6, "hours"),
        (7, "kind"),
        (8, "row"),
    ]


def test_a_note_column_may_follow() -> None:
    a = uuid.uuid4()
    rows, errors = hours_file.read(
        f"application_id,on,hours,kind,note\n{a},2020-05-05,3,coaching,First session\n"
    )
    assert errors == []
    assert rows[0].note == "First session"


@pytest.mark.parametrize("header", ["", "application_id,hours,on,kind", "id,on,hours,kind"])
def test_a_file_without_the_header_is_refused_whole(header: str) -> None:
    with pytest.raises(hours_file.UnreadableFile):
        hours_file.read(f"{header}\n{uuid.uuid4()},2020-05-05,7,placement\n")

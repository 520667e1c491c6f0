"""The demo's steps after the offers, the parts without I/O: the hours it logs, the referees
it gives, the outcome report it expects of the reporting service, and how it prints it."""

from datetime import date, timedelta

import pytest

from returners_cli.demo import expected, hours, population, references
from returners_cli.demo.outcomes import cell

MONDAY = date(2026, 7, 27)
PROVIDER_KINDS = {"workshop", "interview_preparation"}


@pytest.mark.parametrize(("required", "days"), [(210, 30), (420, 60)])
def test_a_placement_s_hours_meet_its_requirement_in_its_working_days(
    required: int, days: int
) -> None:
    plan = hours.plan(MONDAY, required)
    assert sum(e.hours for e in plan) == required
    assert all(0 < e.hours <= 24 for e in plan)  # the API's limit per entry
    worked = hours.working_days(MONDAY, days)
    assert all(e.on in worked for e in plan)
    assert hours.last_day(plan) == worked[-1]
    assert {e.kind for e in plan} == {
        "placement",
        "workshop",
        "coaching",
        "mentoring",
        "interview_preparation",
    }
    assert all((e.by == "provider") == (e.kind in PROVIDER_KINDS) for e in plan)
    assert len(plan) <= days // 2  # a few large entries, not one a day


def test_working_days_skip_weekends_and_the_next_monday_is_after_the_day() -> None:
    assert hours.working_days(date(2026, 7, 31), 2) == [date(2026, 7, 31), date(2026, 8, 3)]
    assert hours.next_monday(MONDAY) == MONDAY + timedelta(days=7)
    assert hours.next_monday(MONDAY - timedelta(days=1)) == MONDAY


def test_an_hours_file_has_the_header_and_a_row_an_entry() -> None:
    entry = hours.Entry(MONDAY, 21.0, "placement", "council")
    assert hours.csv_file([("a1", entry)]) == (
        "application_id,on,hours,kind\na1,2026-07-27,21,placement\n"
    )


def test_referees_are_given_in_the_body_the_applications_service_takes() -> None:
    given = population.References(
        False,
        (
            population.Referee("Ada Brown", "ada@example.net", "professional", "Essex"),
            population.Referee("Ben Green", "ben@example.net", "character", "Green Family"),
        ),
    )
    assert references.referees_body(given) == {
        "employed_in_last_three_years": False,
        "referees": [
            {
                "name": "Ada Brown",
                "email": "ada@example.net",
                "organisation": "Essex",
                "relationship": "professional",
            },
            {
                "name": "Ben Green",
                "email": "ben@example.net",
                "organisation": "Green Family",
                "relationship": "character",
            },
        ],
    }


def test_every_seeded_applicants_referees_are_a_body_the_applications_service_accepts() -> None:
    from applications.domain.references import Referees  # the service's own request model

    for i in range(200):
        given = population.references(2020, i)
        Referees.model_validate(references.referees_body(given))
        if given.employed_in_last_three_years:
            assert {r.relationship for r in given.referees} == {"employer"}


def test_a_character_referee_only_for_someone_not_employed_lately_and_choices_are_seeded() -> None:
    given = [population.references(2020, i) for i in range(200)]
    assert given == [population.references(2020, i) for i in range(200)]
    characters = [g for g in given if any(r.relationship == "character" for r in g.referees)]
    assert characters
    assert not any(g.employed_in_last_three_years for g in characters)
    assert population.one_of(2020, "dbs", [5, 3, 9]) == population.one_of(2020, "dbs", [9, 5, 3])
    assert population.one_of(2020, "dbs", []) is None


def _placement(n: int, **fields: object) -> dict[str, object]:
    return {
        "placement_id": f"p{n}",
        "application_id": f"a{n}",
        "council_id": "c1",
        "region": "London",
        "status": "completed",
        "started_on": "2026-07-27",
        "completed_on": "2026-09-04",
        "reregistered_on": None,
        "withdrawal_reason": None,
        "conditions": {"dbs": {"status": "met"}},
        "hours_by_kind": {"placement": 189.0, "workshop": 7.0},
        **fields,
    }


def test_the_expected_outcome_report_counts_what_the_services_of_record_hold() -> None:
    placements = [
        _placement(1, reregistered_on="2026-09-28"),
        _placement(2, completed_on="2026-10-16"),
        _placement(3, status="withdrawn", completed_on=None, withdrawal_reason="health"),
        _placement(
            4,
            status="offer_withdrawn",
            started_on=None,
            completed_on=None,
            conditions={"dbs": {"status": "not_met"}},
            hours_by_kind={},
        ),
    ]
    report = expected.outcomes(
        placements,
        years_out={"a1": 3.2, "a2": 7.5, "a3": 7.0, "a4": 2.0},
        hired={"p1"},
        councils={"c1": "Leeds City Council"},
    )
    assert {k: report[k] for k in ("opened", "started", "completed", "withdrawn")} == {
        "opened": 4,
        "started": 3,
        "completed": 2,
        "withdrawn": 1,
    }
    assert report["reregistered"] == report["hired"] == 1
    assert report["completion_rate"] == 0.6667
    assert report["reregistration_rate"] == 0.5
    assert report["median_days_to_complete"] == (39 + 81) / 2
    assert report["by_band"]["2-5"]["completed"] == 1
    assert report["by_band"]["5-10"]["median_days_to_complete"] == 81.0
    assert report["by_council"]["c1"]["name"] == "Leeds City Council"
    assert report["withdrawals_by_reason"] == {"health": 1}
    assert report["offers_withdrawn_by_condition"] == {"dbs": 1}
    assert report["hours_by_kind"] == {"placement": 567.0, "workshop": 21.0}


def test_differences_ignore_zero_tallies_and_find_a_group_too_many_or_too_few() -> None:
    wanted = {"started": 2, "withdrawals_by_reason": {"health": 1}, "by_band": {"2-5": {"n": 1}}}
    reported = {
        "started": 2,
        "withdrawals_by_reason": {"health": 1, "other": 0},
        "by_band": {"2-5": {"n": 1, "extra": 5}},
    }
    assert expected.differences(reported, wanted) == {}
    assert expected.differences({**reported, "started": 1}, wanted) == {"started": (1, 2)}
    assert expected.differences({**reported, "by_band": {"2-5": {"n": 1}, "5-10": {}}}, wanted)
    assert expected.differences({**reported, "by_band": {}}, wanted) == {
        "by_band.2-5": (None, {"n": 1})
    }


@pytest.mark.parametrize(
    ("key", "value", "shown"),
    [
        ("completion_rate", 0.9167, "91.7%"),
        ("started", 12, "12"),
        ("median", 60.5, "60.5"),
        ("median", 39.0, "39"),
        ("reregistration_rate", None, "-"),
    ],
)
def test_figures_are_printed_as_the_dashboard_shows_them(
    key: str, value: object, shown: str
) -> None:
    assert cell(key, value) == shown

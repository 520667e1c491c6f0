"""The referees form: what the applicant typed, as the applications service takes it, and its
refusals back on the form's fields."""

from portal.domain.referees import body_of, form_errors, referees_of

FILLED = {
    "employed": ["no"],
    **{
        f"referee{n}-{part}": [value]
        for n in (1, 2)
        for part, value in (
            ("name", f" Referee {n} "),
            ("email", f"r{n}@example.org"),
            ("organisation", "Bucks Council, Aylesbury"),
            ("relationship", "Team manager"),
            ("kind", "character"),
        )
    },
}


def test_a_filled_form_becomes_the_two_referees_and_the_employment_answer() -> None:
    values, errors = referees_of(FILLED)
    assert errors == []
    body = body_of(values)
    assert body["employed_in_last_three_years"] is False
    assert [r["name"] for r in body["referees"]] == ["Referee 1", "Referee 2"]
    assert set(body["referees"][0]) == {"name", "email", "organisation", "relationship", "kind"}


def test_every_unanswered_question_is_named_in_the_page_order() -> None:
    form = {**FILLED, "employed": [""], "referee2-email": [" "], "referee1-kind": []}
    _, errors = referees_of(form)
    assert [field for field, _ in errors] == ["employed", "referee1-kind", "referee2-email"]


def test_the_services_refusals_land_on_the_fields_they_name() -> None:
    errors = form_errors(
        [
            {"field": "referees.1.kind", "message": "...", "code": "invalid"},
            {"field": "referees.0.email", "message": "...", "code": "referee_is_applicant"},
        ]
    )
    assert errors == [
        (
            "referee2-kind",
            "A character referee is only for someone with no paid work in the last 3 years",
        ),
        ("referee1-email", "Give someone other than yourself"),
    ]

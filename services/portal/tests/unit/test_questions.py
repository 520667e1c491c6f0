"""A page's form becomes answers in the application's shape, or errors worded as the Design
System words them, each linked to its field."""

from datetime import date

from portal.domain import questions
from portal.domain.questions import BODY, CONTACT, LAST_PRACTISED, REGIONS_Q, RIGHT_TO_WORK

TODAY = date(2026, 11, 26)


def test_a_date_is_read_from_its_three_parts_and_refused_when_incomplete_unreal_or_future() -> None:
    ok = questions.read(
        LAST_PRACTISED,
        {
            "last_practised-day": ["30"],
            "last_practised-month": ["6"],
            "last_practised-year": ["2019"],
        },
        TODAY,
    )
    assert ok.answers == {"registration.last_practised": "2019-06-30"}
    cases = {
        ("", "", ""): "Enter the date you last practised",
        ("30", "", "2019"): "The date must include a month",
        ("31", "2", "2019"): "The date must be a real date",
        ("1", "1", "2027"): "The date must be today or in the past",
    }
    for (day, month, year), message in cases.items():
        form = {
            "last_practised-day": [day],
            "last_practised-month": [month],
            "last_practised-year": [year],
        }
        refused = questions.read(LAST_PRACTISED, form, TODAY)
        assert refused.errors == [("last_practised-day", message)]
        assert refused.answers == {}


def test_yes_and_no_are_booleans_and_an_unanswered_question_says_what_to_do() -> None:
    assert questions.read(RIGHT_TO_WORK, {"right_to_work_uk": ["no"]}, TODAY).answers == {
        "right_to_work_uk": False
    }
    missing = questions.read(RIGHT_TO_WORK, {}, TODAY)
    assert missing.errors == [
        ("right_to_work_uk", "Select yes if you have the right to work in the UK")
    ]


def test_never_registered_answers_no_register_and_no_first_registration_date() -> None:
    read = questions.read(BODY, {"body": ["NONE"]}, TODAY)
    answers = questions.nested(read.answers)
    assert answers == {"registration": {"body": None, "first_registered": None}}
    assert questions.answered(answers, "registration.body")
    assert questions.shown(BODY.fields[0], answers) == "NONE"
    assert questions.display(BODY.fields[0], answers) == ["I have never been registered"]


def test_contact_details_are_checked_field_by_field_and_the_postcode_is_normalised() -> None:
    form = {
        "given_name": ["Ada"],
        "family_name": [""],
        "email": ["not an address"],
        "phone": ["07700 900123"],
        "postcode": ["hp20 1ua"],
    }
    read = questions.read(CONTACT, form, TODAY)
    assert [target for target, _ in read.errors] == ["family_name", "email"]
    assert read.answers["contact.postcode"] == "HP20 1UA"
    assert read.values["email"] == "not an address"  # shown again as typed


def test_checkboxes_keep_only_the_options_offered() -> None:
    read = questions.read(REGIONS_Q, {"regions": ["London", "Atlantis"]}, TODAY)
    assert read.answers == {"preferences.regions": ["London"]}
    assert questions.read(REGIONS_Q, {"regions": ["Atlantis"]}, TODAY).errors == [
        ("regions", "Select at least one region")
    ]


def test_a_section_is_complete_once_every_question_in_it_is_answered() -> None:
    [contact, *_] = questions.SECTIONS
    answers = {"contact": {"given_name": "Ada"}}
    assert not questions.section_complete(contact, answers)
    full = {f.path.split(".")[1]: "x" for f in CONTACT.fields}
    assert questions.section_complete(contact, {"contact": full})


def test_an_email_address_asked_for_alone_is_trimmed_and_checked_like_the_contact_one() -> None:
    missing = "Enter your email address"
    assert questions.email_of({"email": [" ada@example.org "]}, missing=missing) == (
        "ada@example.org",
        None,
    )
    assert questions.email_of({}, missing=missing) == ("", missing)
    assert questions.email_of({"email": ["ada"]}, missing=missing) == (
        "ada",
        questions.EMAIL_FORMAT,
    )


def test_an_equality_question_offers_prefer_not_to_say_and_may_be_left_unanswered() -> None:
    field = questions.SEX.fields[0]
    assert field.options[-1] == ("prefer_not_to_say", "Prefer not to say")
    chosen = questions.read(questions.SEX, {"sex": ["prefer_not_to_say"]}, TODAY)
    assert questions.nested(chosen.answers) == {"equality": {"sex": "prefer_not_to_say"}}
    left = questions.read(questions.SEX, {}, TODAY)
    assert (left.answers, left.errors) == ({}, [])
    unknown = questions.read(questions.SEX, {"sex": ["robot"]}, TODAY)
    assert (unknown.answers, unknown.errors) == ({}, [])
    answers = questions.nested(chosen.answers)
    assert questions.display(field, answers) == ["Prefer not to say"]
    assert questions.display(questions.ETHNICITY.fields[0], answers) == []


def test_every_equality_answer_the_service_takes_is_offered_with_a_label() -> None:
    from returners_platform.contracts.vocabulary import (
        AgeBand,
        CareerBreakReason,
        Disability,
        Ethnicity,
        Sex,
    )

    [section] = [s for s in questions.SECTIONS if s.slug == "equality"]
    assert section.optional
    offered = {
        q.fields[0].path: [code for code, _ in q.fields[0].options] for q in section.questions
    }
    assert offered == {
        "equality.career_break_reason": [c.value for c in CareerBreakReason],
        "equality.sex": [c.value for c in Sex],
        "equality.age_band": [c.value for c in AgeBand],
        "equality.ethnicity": [c.value for c in Ethnicity],
        "equality.disability": [c.value for c in Disability],
    }

"""The references rules: which referees an applicant may give (an employer always; a
professional or character referee only for someone with no employment in the last three
years), and when a referee's one-time link opens a reference."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from applications.domain.references import (
    LinkState,
    RefereeKind,
    Referees,
    allowed_kinds,
    check_can_give_referees,
    check_not_the_applicant,
    link_opens,
)
from applications.domain.status import ApplicationStatus
from returners_platform.errors import Refused

NOW = datetime(2021, 3, 1, 12, tzinfo=UTC)
REFERENCE = uuid.UUID("5b0f6c1e-7a8d-4e9f-a0b1-c2d3e4f5a6b7")
NOT_SAID = object()


def _referee(relationship: str, email: str = "r1@example.org") -> dict[str, Any]:
    return {"name": "Rita Referee", "email": email, "relationship": relationship}


def _body(employed: object, first: str, second: str) -> dict[str, Any]:
    body: dict[str, Any] = {"referees": [_referee(first), _referee(second, "r2@example.org")]}
    if employed is not NOT_SAID:
        body["employed_in_last_three_years"] = employed
    return body


def _referees(employed: object, first: str, second: str) -> Referees:
    return Referees.model_validate(_body(employed, first, second))


def _refused_fields(employed: object, first: str, second: str) -> list[str]:
    with pytest.raises(ValidationError) as raised:
        _referees(employed, first, second)
    return [".".join(str(part) for part in e["loc"]) for e in raised.value.errors()]


def test_the_specs_body_of_two_employers_needs_nothing_else() -> None:
    given = Referees.model_validate(
        {
            "referees": [
                {"name": "Rita Referee", "email": "r1@example.org", "relationship": "employer"},
                {"name": "Ravi Referee", "email": "r2@example.org", "relationship": "employer"},
            ]
        }
    )
    assert [r.relationship for r in given.referees] == [RefereeKind.EMPLOYER] * 2
    assert given.employed_in_last_three_years is None
    assert [r.organisation for r in given.referees] == [None, None]


@pytest.mark.parametrize("employed", [True, False, None, NOT_SAID])
def test_an_employer_is_always_allowed(employed: object) -> None:
    given = _referees(employed, "employer", "employer")
    assert [r.relationship for r in given.referees] == [RefereeKind.EMPLOYER] * 2


def test_someone_employed_in_the_last_three_years_may_give_only_employers() -> None:
    assert allowed_kinds(employed_in_last_three_years=True) == {RefereeKind.EMPLOYER}
    assert allowed_kinds(employed_in_last_three_years=False) == set(RefereeKind)


@pytest.mark.parametrize(
    ("first", "second", "refused"),
    [("professional", "employer", ["0"]), ("employer", "character", ["1"]),
     ("character", "professional", ["0", "1"])],
)  # fmt: skip
def test_a_professional_or_character_referee_is_refused_for_someone_employed_lately(
    first: str, second: str, refused: list[str]
) -> None:
    assert _refused_fields(True, first, second) == [f"referees.{i}.relationship" for i in refused]


@pytest.mark.parametrize(
    ("first", "second"), [("employer", "character"), ("professional", "employer")]
)
@pytest.mark.parametrize("employed", [NOT_SAID, None])
def test_a_professional_or_character_referee_needs_the_applicant_to_say_they_had_no_work(
    employed: object, first: str, second: str
) -> None:
    assert _refused_fields(employed, first, second) == ["employed_in_last_three_years"]
    with pytest.raises(ValidationError) as raised:
        _referees(employed, first, second)
    assert "tell us" in raised.value.errors()[0]["msg"]


@pytest.mark.parametrize(
    ("first", "second"),
    [("character", "character"), ("character", "professional"), ("professional", "employer"),
     ("employer", "character"), ("professional", "professional")],
)  # fmt: skip
def test_someone_with_no_recent_employment_may_give_any_referee_for_either(
    first: str, second: str
) -> None:
    given = _referees(False, first, second)
    assert [r.relationship for r in given.referees] == [RefereeKind(first), RefereeKind(second)]


def test_the_relationship_is_one_of_the_three_kinds_and_the_old_fields_are_refused() -> None:
    assert _refused_fields(False, "line manager", "employer") == ["referees.0.relationship"]
    old = _body(True, "employer", "employer")
    old["referees"][0] = {**old["referees"][0], "kind": "professional"}
    with pytest.raises(ValidationError):
        Referees.model_validate(old)


def test_the_organisation_is_optional_free_text_of_several_lines() -> None:
    body = _body(NOT_SAID, "employer", "employer")
    body["referees"][0]["organisation"] = " Bucks Council\n1 Walton Street, Aylesbury "
    given = Referees.model_validate(body)
    assert given.referees[0].organisation == "Bucks Council\n1 Walton Street, Aylesbury"
    assert given.referees[1].organisation is None
    body["referees"][1]["organisation"] = "x" * 501
    with pytest.raises(ValidationError):
        Referees.model_validate(body)


def test_two_referees_are_needed_and_they_must_be_different_people() -> None:
    with pytest.raises(ValidationError):
        Referees.model_validate({"referees": [_referee("employer")]})
    with pytest.raises(ValidationError) as raised:
        Referees.model_validate(
            {
                "referees": [
                    _referee("employer", "same@example.org"),
                    _referee("employer", "SAME@example.org"),
                ],
            }
        )
    assert [str(e["loc"][-1]) for e in raised.value.errors()] == ["email"]


def test_the_applicant_cannot_be_their_own_referee() -> None:
    with pytest.raises(Refused) as raised:
        check_not_the_applicant(["r1@example.org", "Ada@Example.org"], "ada@example.org")
    assert (raised.value.code, raised.value.field) == ("referee_is_applicant", "referees.1.email")
    check_not_the_applicant(["r1@example.org", "r2@example.org"], "ada@example.org")


@pytest.mark.parametrize(
    ("status", "given", "code"),
    [
        (ApplicationStatus.OFFERED, False, "no_accepted_offer"),
        (ApplicationStatus.WITHDRAWN, False, "no_accepted_offer"),
        (ApplicationStatus.ACCEPTED, True, "referees_already_given"),
    ],
)
def test_referees_are_given_once_and_only_after_an_offer_is_accepted(
    status: ApplicationStatus, given: bool, code: str
) -> None:
    with pytest.raises(Refused) as raised:
        check_can_give_referees(status, already_given=given)
    assert raised.value.code == code
    check_can_give_referees(ApplicationStatus.ACCEPTED, already_given=False)


def _link(**changes: Any) -> LinkState:
    values: dict[str, Any] = {
        "reference_id": REFERENCE,
        "expires_at": NOW + timedelta(days=14),
        "received_at": None,
    }
    values.update(changes)
    return LinkState(**values)


def test_a_link_opens_its_own_unanswered_reference_until_it_expires() -> None:
    assert link_opens(_link(), REFERENCE, NOW)
    assert link_opens(_link(), REFERENCE, NOW + timedelta(days=14, seconds=-1))


def test_a_link_does_not_open_another_reference() -> None:
    assert not link_opens(_link(), uuid.uuid4(), NOW)


def test_a_link_works_once() -> None:
    assert not link_opens(_link(received_at=NOW - timedelta(minutes=1)), REFERENCE, NOW)


def test_a_link_expires() -> None:
    assert not link_opens(_link(), REFERENCE, NOW + timedelta(days=14))


def test_an_unknown_token_opens_nothing() -> None:
    assert not link_opens(None, REFERENCE, NOW)

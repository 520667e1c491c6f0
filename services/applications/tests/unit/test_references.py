"""The references rules: which kinds of referee an applicant may give, and when a referee's
one-time link opens a reference."""

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


def _referee(kind: str, email: str = "r1@example.org") -> dict[str, Any]:
    return {
        "name": "Rita Referee",
        "email": email,
        "organisation": "Bucks Council\n1 Walton Street, Aylesbury",
        "relationship": "Line manager, 2010-2014",
        "kind": kind,
    }


def _referees(employed: bool, first: str, second: str) -> Referees:
    return Referees.model_validate(
        {
            "employed_in_last_three_years": employed,
            "referees": [_referee(first), _referee(second, "r2@example.org")],
        }
    )


def test_someone_employed_in_the_last_three_years_may_give_only_professional_referees() -> None:
    assert allowed_kinds(employed_in_last_three_years=True) == {RefereeKind.PROFESSIONAL}
    _referees(True, "professional", "professional")


@pytest.mark.parametrize(
    ("first", "second", "refused"),
    [("character", "professional", ["0"]), ("professional", "character", ["1"]),
     ("character", "character", ["0", "1"])],
)  # fmt: skip
def test_a_character_referee_is_refused_for_someone_employed_in_the_last_three_years(
    first: str, second: str, refused: list[str]
) -> None:
    with pytest.raises(ValidationError) as raised:
        _referees(True, first, second)
    locations = [tuple(str(part) for part in e["loc"]) for e in raised.value.errors()]
    assert locations == [("referees", i, "kind") for i in refused]


@pytest.mark.parametrize(
    ("first", "second"),
    [("character", "character"), ("character", "professional"), ("professional", "character"),
     ("professional", "professional")],
)  # fmt: skip
def test_someone_with_no_recent_employment_may_give_a_character_referee_for_either(
    first: str, second: str
) -> None:
    given = _referees(False, first, second)
    assert [r.kind for r in given.referees] == [RefereeKind(first), RefereeKind(second)]


def test_an_employer_is_not_a_kind_the_applicant_gives() -> None:
    with pytest.raises(ValidationError):
        _referees(False, "employer", "professional")


def test_two_referees_are_needed_and_they_must_be_different_people() -> None:
    with pytest.raises(ValidationError):
        Referees.model_validate(
            {"employed_in_last_three_years": True, "referees": [_referee("professional")]}
        )
    with pytest.raises(ValidationError) as raised:
        Referees.model_validate(
            {
                "employed_in_last_three_years": True,
                "referees": [
                    _referee("professional", "same@example.org"),
                    _referee("professional", "SAME@example.org"),
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

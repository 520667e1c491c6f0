import pytest
from pydantic import ValidationError

from applications.api.schemas import Submission
from applications.store.idempotency import request_hash
from returners_cli.testing.submissions import submission_body


def test_the_specs_example_submission_is_valid() -> None:
    parsed = Submission.model_validate(submission_body())
    assert parsed.contact.phone == "+447700900123"
    assert parsed.contact.postcode == "HP20 1UA"


@pytest.mark.parametrize(
    ("postcode", "normalised"),
    [("hp20 1ua", "HP20 1UA"), ("SW1A1AA", "SW1A1AA"), (" m1  1ae ", "M1 1AE")],
)
def test_uk_postcodes_are_normalised(postcode: str, normalised: str) -> None:
    body = submission_body(contact={"postcode": postcode})
    assert Submission.model_validate(body).contact.postcode == normalised


@pytest.mark.parametrize("phone", ["12", "not a phone", "+44 1"])
def test_impossible_phone_numbers_are_refused(phone: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Submission.model_validate(submission_body(contact={"phone": phone}))
    assert caught.value.errors()[0]["loc"] == ("contact", "phone")


def test_first_registration_after_last_practice_is_refused_naming_the_field() -> None:
    registration = {"first_registered": "2015-01-01"}
    with pytest.raises(ValidationError) as caught:
        Submission.model_validate(submission_body(registration=registration))
    assert caught.value.errors()[0]["loc"] == ("registration", "first_registered")


def test_the_request_hash_ignores_key_order_but_not_values() -> None:
    body = submission_body()
    reordered = dict(reversed(list(body.items())))
    assert request_hash(body) == request_hash(reordered)
    assert request_hash(body) != request_hash(submission_body(right_to_work_uk=False))

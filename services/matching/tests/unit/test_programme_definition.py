"""What ``POST /admin/programmes`` accepts: every field validated, the errors naming it."""

from typing import Any

import pytest
from pydantic import ValidationError

from matching.domain.programme_definition import ProgrammeDefinition
from returners_platform.contracts.vocabulary import SOCIAL_WORK_REGISTERS

from ..conftest import rtsw_2020


def body(**overrides: Any) -> dict[str, Any]:
    fields = rtsw_2020().model_dump(mode="json", exclude={"published_at", "recognised_bodies"})
    fields.update(overrides)
    return fields


def error_fields(fields: dict[str, Any]) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        ProgrammeDefinition.model_validate(fields)
    return [".".join(str(p) for p in e["loc"]) for e in caught.value.errors()]


def test_social_work_defaults_to_the_uk_social_work_registers() -> None:
    definition = ProgrammeDefinition.model_validate(body())
    assert definition.recognised_bodies == list(SOCIAL_WORK_REGISTERS)


def test_the_window_is_expressed_in_the_programme_time_zone() -> None:
    definition = ProgrammeDefinition.model_validate(body(closes_at="2020-03-31T22:59:59Z"))
    assert definition.closes_at.isoformat() == "2020-03-31T23:59:59+01:00"
    assert definition.opens_at.isoformat() == "2020-01-13T00:00:00+00:00"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"closes_at": "2020-01-12T00:00:00+00:00"}, "closes_at"),
        ({"closes_at": "2020-01-13T00:00:00+00:00"}, "closes_at"),  # not after opens_at
        ({"opens_at": "2020-01-13T00:00:00"}, "opens_at"),  # no offset
        ({"timezone": "Europe/Londres"}, "timezone"),
        ({"timezone": "+01:00"}, "timezone"),
        (
            {"updating_days": [{"from_years": 5, "days": 60}, {"from_years": 2, "days": 30}]},
            "updating_days",
        ),
        (
            {"updating_days": [{"from_years": 2, "days": 30}, {"from_years": 2, "days": 60}]},
            "updating_days",
        ),
        ({"max_years_out": 1}, "max_years_out"),
        ({"places": 0}, "places"),
        ({"offer_window_days": 0}, "offer_window_days"),
        ({"regions": ["London", "London"]}, "regions"),
        ({"regions": ["Wales"]}, "regions.0"),
        ({"specialisms": []}, "specialisms"),
        ({"programme_id": "RTSW 2020"}, "programme_id"),
        ({"profession": "planning"}, "recognised_bodies"),  # no default registers
        ({"surprise": 1}, "surprise"),
    ],
)
def test_an_invalid_programme_is_refused_naming_the_field(
    change: dict[str, Any], field: str
) -> None:
    assert field in error_fields(body(**change))


def test_a_missing_required_field_is_named() -> None:
    fields = body()
    del fields["starts_on"]
    assert error_fields(fields) == ["starts_on"]


def test_another_profession_with_its_registers_and_no_maximum_is_accepted() -> None:
    definition = ProgrammeDefinition.model_validate(
        body(profession="planning", recognised_bodies=["RTPI"], max_years_out=None)
    )
    assert (definition.recognised_bodies, definition.max_years_out) == (["RTPI"], None)

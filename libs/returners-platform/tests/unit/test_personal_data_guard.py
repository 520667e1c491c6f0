from datetime import date

from pydantic import BaseModel

from returners_platform.contracts.catalogue import CATALOGUE
from returners_platform.contracts.envelope import EventData
from returners_platform.contracts.personal_data import personal_data_fields


def test_no_event_model_carries_personal_data() -> None:
    offenders = {spec.type: personal_data_fields(spec.model) for spec in CATALOGUE}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_guard_finds_personal_data_fields_at_any_depth() -> None:
    class Person(BaseModel):
        email: str
        date_of_birth: date

    class Leaky(EventData):
        event_type = "returners.test.leaky.v1"
        application_id: str
        person: Person | None
        phone_number: str
        name: str

    assert personal_data_fields(Leaky) == [
        "person.email",
        "person.date_of_birth",
        "phone_number",
        "name",
    ]


def test_the_guard_finds_equality_monitoring_answers() -> None:
    class Monitoring(BaseModel):
        sex: str
        age_band: str

    class Leaky(EventData):
        event_type = "returners.test.leaky.v1"
        application_id: str
        equality: Monitoring
        career_break_reason: str
        ethnicity: str
        disability: str

    assert personal_data_fields(Leaky) == [
        "equality",
        "equality.sex",
        "equality.age_band",
        "career_break_reason",
        "ethnicity",
        "disability",
    ]

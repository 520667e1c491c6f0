import json
import uuid

import pytest

from returners_platform.contracts.envelope import new_event
from returners_platform.contracts.events import ApplicationWithdrawn, CouncilRegistered
from returners_platform.contracts.examples import EXAMPLES
from returners_platform.messaging.codec import (
    UndecodableEvent,
    decode,
    encode_value,
    event_type_header,
    record_headers,
)


def test_a_new_event_is_keyed_and_typed_by_its_payload() -> None:
    data = EXAMPLES[ApplicationWithdrawn]
    event = new_event(data, source="/returners/applications")

    assert event.subject == str(data.application_id)
    assert event.type == "returners.application.withdrawn.v1"
    assert event.dataschema.endswith("/returners.application.withdrawn.v1.json")
    assert event.correlationid == event.id == event.causationid


def test_council_facts_are_keyed_by_council() -> None:
    data = EXAMPLES[CouncilRegistered]
    assert new_event(data, source="s").subject == str(data.council_id)


def test_an_event_caused_by_another_carries_its_correlation_and_cause() -> None:
    event = new_event(
        EXAMPLES[ApplicationWithdrawn], source="s", correlation_id="corr-1", causation_id="cause-1"
    )
    assert (event.correlationid, event.causationid) == ("corr-1", "cause-1")


@pytest.mark.parametrize("model", list(EXAMPLES))
def test_every_event_type_survives_encoding(model: type) -> None:
    event = new_event(EXAMPLES[model], source="s")
    decoded = decode(encode_value(event))
    assert decoded == event
    assert type(decoded.data) is model


def test_malformed_json_is_undecodable_with_the_reason() -> None:
    with pytest.raises(UndecodableEvent, match="malformed JSON"):
        decode(b"{not json")


def test_an_unknown_event_type_is_undecodable() -> None:
    event = json.loads(encode_value(new_event(EXAMPLES[ApplicationWithdrawn], source="s")))
    event["type"] = "returners.application.withdrawn.v9"
    with pytest.raises(UndecodableEvent, match="unknown event type") as caught:
        decode(json.dumps(event).encode())
    assert caught.value.event_id == event["id"]


def test_data_that_breaks_the_contract_is_undecodable_naming_the_field() -> None:
    event = json.loads(encode_value(new_event(EXAMPLES[ApplicationWithdrawn], source="s")))
    event["data"]["application_id"] = "not-a-uuid"
    with pytest.raises(UndecodableEvent, match="application_id"):
        decode(json.dumps(event).encode())


def test_an_envelope_without_its_required_attributes_is_undecodable() -> None:
    with pytest.raises(UndecodableEvent, match="invalid envelope"):
        decode(json.dumps({"id": str(uuid.uuid4()), "data": {}}).encode())


@pytest.mark.parametrize("model", list(EXAMPLES))
def test_the_type_header_decodes_the_same_event_as_the_value_alone(model: type) -> None:
    event = new_event(EXAMPLES[model], source="s")
    header = event_type_header(record_headers(event.type, event.id))
    decoded = decode(encode_value(event), header)
    assert decoded == decode(encode_value(event)) == event
    assert type(decoded.data) is model


def test_a_type_header_that_names_another_type_still_decodes_what_the_value_says() -> None:
    event = new_event(EXAMPLES[ApplicationWithdrawn], source="s")
    decoded = decode(encode_value(event), "returners.council.registered.v1")
    assert decoded == event
    assert type(decoded.data) is ApplicationWithdrawn


@pytest.mark.parametrize("header", ["returners.application.withdrawn.v1", "returners.nothing.v1"])
def test_an_undecodable_value_gives_the_same_reason_whatever_its_type_header(
    header: str,
) -> None:
    event = json.loads(encode_value(new_event(EXAMPLES[ApplicationWithdrawn], source="s")))
    event["data"]["application_id"] = "not-a-uuid"
    value = json.dumps(event).encode()
    with pytest.raises(UndecodableEvent) as without:
        decode(value)
    with pytest.raises(UndecodableEvent) as with_header:
        decode(value, header)
    assert (with_header.value.reason, with_header.value.event_id) == (
        without.value.reason,
        without.value.event_id,
    )
    assert "application_id" in with_header.value.reason


def test_a_record_without_a_type_header_has_none() -> None:
    assert event_type_header([("content-type", b"application/cloudevents+json")]) is None
    assert event_type_header(None) is None

import json
import uuid

import pytest

from returners_platform.contracts.envelope import new_event
from returners_platform.contracts.events import ApplicationWithdrawn, CouncilRegistered
from returners_platform.contracts.examples import EXAMPLES
from returners_platform.messaging.codec import UndecodableEvent, decode, encode_value


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

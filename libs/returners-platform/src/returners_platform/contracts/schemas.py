"""JSON Schemas of the envelope and of every event payload, as checked in under contracts/."""

from typing import Any

from returners_platform.contracts.catalogue import CATALOGUE
from returners_platform.contracts.envelope import SCHEMA_BASE_URI, EventData, RawCloudEvent

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
ENVELOPE_SCHEMA_NAME = "cloudevent.envelope"


def event_schema(model: type[EventData]) -> dict[str, Any]:
    schema = model.model_json_schema(mode="serialization")
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": f"{SCHEMA_BASE_URI}{model.event_type}.json",
        "title": model.event_type,
        **{k: v for k, v in schema.items() if k != "title"},
    }


def envelope_schema() -> dict[str, Any]:
    schema = RawCloudEvent.model_json_schema(mode="serialization")
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": f"{SCHEMA_BASE_URI}{ENVELOPE_SCHEMA_NAME}.json",
        "title": "Returners CloudEvents 1.0 envelope",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def all_schemas() -> dict[str, dict[str, Any]]:
    """File stem -> schema, for the envelope and every catalogued event type."""
    schemas = {ENVELOPE_SCHEMA_NAME: envelope_schema()}
    schemas.update({spec.type: event_schema(spec.model) for spec in CATALOGUE})
    return schemas

"""The AsyncAPI 3 document of every topic and message, built from the same models."""

from collections.abc import Iterable, Mapping
from typing import Any

from returners_platform.contracts import topics
from returners_platform.contracts.catalogue import CATALOGUE, EventSpec
from returners_platform.contracts.envelope import EventData
from returners_platform.contracts.examples import EXAMPLES
from returners_platform.contracts.schemas import ENVELOPE_SCHEMA_NAME


def _message_name(spec: EventSpec) -> str:
    return spec.model.__name__


def _channel_id(topic: topics.Topic) -> str:
    return topic.name.removeprefix("returners.").replace(".", "_")


def _message(spec: EventSpec) -> dict[str, Any]:
    example = EXAMPLES[spec.model]
    return {
        "name": spec.type,
        "title": spec.short_name,
        "summary": spec.summary,
        "contentType": "application/cloudevents+json",
        "headers": {
            "type": "object",
            "properties": {
                "ce_type": {"type": "string", "const": spec.type},
                "ce_id": {"type": "string"},
                "content-type": {"type": "string", "const": "application/cloudevents+json"},
            },
        },
        "payload": {
            "allOf": [
                {"$ref": f"./schemas/{ENVELOPE_SCHEMA_NAME}.json"},
                {
                    "type": "object",
                    "properties": {
                        "type": {"const": spec.type},
                        "data": {"$ref": f"./schemas/{spec.type}.json"},
                    },
                },
            ]
        },
        "bindings": {"kafka": {"key": {"type": "string", "description": spec.topic.key}}},
        "examples": [{"name": "example", "payload": example.model_dump(mode="json")}],
    }


def build_asyncapi(consumers: Mapping[str, Iterable[type[EventData]]]) -> dict[str, Any]:
    """``consumers`` maps each service to the event types its handler registry handles."""
    channels: dict[str, Any] = {}
    for topic in topics.EVENT_TOPICS:
        specs = [s for s in CATALOGUE if s.topic == topic]
        channels[_channel_id(topic)] = {
            "address": topic.name,
            "description": f"{topic.description} Keyed by {topic.key}; "
            f"{topic.partitions} partitions; written only by {topic.owner}.",
            "messages": {
                _message_name(s): {"$ref": f"#/components/messages/{_message_name(s)}"}
                for s in specs
            },
        }
    operations: dict[str, Any] = {}
    for spec in CATALOGUE:
        operations[f"{spec.topic.owner}.publish.{_message_name(spec)}"] = _operation(
            "send", spec, f"{spec.topic.owner} publishes {spec.short_name}"
        )
    for service, models in consumers.items():
        for model in sorted(set(models), key=lambda m: m.event_type):
            spec = next(s for s in CATALOGUE if s.model is model)
            operations[f"{service}.consume.{_message_name(spec)}"] = _operation(
                "receive", spec, f"{service} consumes {spec.short_name}"
            )
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Returners platform events",
            "version": "1.0.0",
            "description": "Every event travels in a CloudEvents 1.0 envelope (structured JSON) "
            "with correlationid and causationid extensions, and carries no personal data.",
        },
        "defaultContentType": "application/cloudevents+json",
        "servers": {
            "local": {"host": "127.0.0.1:9092", "protocol": "kafka", "description": "make up"}
        },
        "channels": channels,
        "operations": operations,
        "components": {"messages": {_message_name(s): _message(s) for s in CATALOGUE}},
    }


def _operation(action: str, spec: EventSpec, summary: str) -> dict[str, Any]:
    channel = _channel_id(spec.topic)
    return {
        "action": action,
        "summary": summary,
        "channel": {"$ref": f"#/channels/{channel}"},
        "messages": [{"$ref": f"#/channels/{channel}/messages/{_message_name(spec)}"}],
    }

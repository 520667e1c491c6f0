"""Turning envelopes into Kafka records and back (CloudEvents structured JSON mode)."""

import json
from collections.abc import Iterable
from functools import cache
from typing import Any

from pydantic import ValidationError

from returners_platform.contracts.catalogue import spec_for_type
from returners_platform.contracts.envelope import CloudEvent, EventData, RawCloudEvent

CONTENT_TYPE = "application/cloudevents+json"

Headers = list[tuple[str, bytes]]


class UndecodableEvent(Exception):
    """A record that can never be handled: malformed, invalid, or of an unknown type."""

    def __init__(self, reason: str, event_id: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.event_id = event_id


def encode_value(event: CloudEvent[Any]) -> bytes:
    return event.model_dump_json().encode()


def record_headers(event_type: str, event_id: str) -> Headers:
    return [
        ("content-type", CONTENT_TYPE.encode()),
        ("ce_type", event_type.encode()),
        ("ce_id", event_id.encode()),
    ]


def event_type_header(headers: Iterable[tuple[str, bytes]] | None) -> str | None:
    """The record's ``ce_type`` header (what its producer says the event is), if any."""
    for name, value in headers or ():
        if name == "ce_type":
            return value.decode(errors="replace")
    return None


@cache
def _typed_envelope(event_type: str) -> type[CloudEvent[Any]] | None:
    spec = spec_for_type(event_type)
    return None if spec is None else CloudEvent[spec.model]  # type: ignore[name-defined]


def decode(value: bytes | None, event_type: str | None = None) -> CloudEvent[EventData]:
    """Parse and validate a record value; raise ``UndecodableEvent`` with the reason.

    With ``event_type`` (the record's ``ce_type`` header) the value is parsed once, straight
    into that type's envelope; should that fail, or the value say another type, it is
    decoded step by step as without it, which gives the same event or names the reason.
    """
    if value is None:
        raise UndecodableEvent("empty record value")
    typed = _typed_envelope(event_type) if event_type else None
    if typed is not None:
        try:
            event = typed.model_validate_json(value)
        except ValidationError:
            pass
        else:
            if event.type == event_type:
                return event
    try:
        document = json.loads(value)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UndecodableEvent(f"malformed JSON: {exc}") from exc
    event_id = document.get("id") if isinstance(document, dict) else None
    try:
        raw = RawCloudEvent.model_validate(document)
    except ValidationError as exc:
        raise UndecodableEvent(f"invalid envelope: {_summary(exc)}", event_id) from exc
    spec = spec_for_type(raw.type)
    if spec is None:
        raise UndecodableEvent(f"unknown event type {raw.type}", raw.id)
    try:
        data = spec.model.model_validate(raw.data)
    except ValidationError as exc:
        raise UndecodableEvent(f"invalid {raw.type} data: {_summary(exc)}", raw.id) from exc
    envelope = raw.model_dump(exclude={"data"})
    return CloudEvent[spec.model](**envelope, data=data)  # type: ignore[name-defined]


def _summary(exc: ValidationError) -> str:
    parts = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5]]
    return "; ".join(parts)

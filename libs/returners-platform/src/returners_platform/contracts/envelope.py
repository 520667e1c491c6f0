"""The CloudEvents 1.0 envelope every event travels in (structured JSON mode)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, ClassVar, Generic, Literal, Self, TypeVar, cast

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from returners_platform.clock import system_clock

SCHEMA_BASE_URI = "https://returners.example.org/schemas/"


class EventData(BaseModel):
    """Base of every event payload.

    ``event_type`` is the full dotted, versioned CloudEvents type; ``key_field``
    names the attribute whose value becomes the Kafka key and the ``subject``.
    Payloads never carry personal data (see ``contracts.personal_data``).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    event_type: ClassVar[str]
    key_field: ClassVar[str] = "application_id"

    def key(self) -> str:
        return str(getattr(self, self.key_field))

    @classmethod
    def of(cls, source: object, **values: Any) -> Self:
        """The event about ``source`` (a store's row, a use case's result): each field is
        ``values``'s, or else ``source``'s attribute of the same name."""
        taken = {name: getattr(source, name) for name in cls.model_fields if name not in values}
        return cls.model_validate({**taken, **values})


D = TypeVar("D", bound=EventData)


class CloudEvent(BaseModel, Generic[D]):
    """A CloudEvents 1.0 envelope with ``correlationid``/``causationid`` extensions."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    specversion: Literal["1.0"] = "1.0"
    id: str = Field(min_length=1, max_length=64)
    source: str = Field(min_length=1, max_length=200)
    type: str = Field(pattern=r"^returners\.[a-z_]+\.[a-z_]+\.v[0-9]+$")
    time: AwareDatetime
    subject: str = Field(min_length=1, max_length=100)
    datacontenttype: Literal["application/json"] = "application/json"
    dataschema: str
    correlationid: str = Field(min_length=1, max_length=64)
    causationid: str = Field(min_length=1, max_length=64)
    data: D


class RawCloudEvent(CloudEvent[Any]):
    """The envelope with its ``data`` not yet validated against a payload model."""

    data: dict[str, Any]


def schema_uri(event_type: str) -> str:
    return f"{SCHEMA_BASE_URI}{event_type}.json"


def new_event(
    data: D,
    *,
    source: str,
    correlation_id: str | None = None,
    causation_id: str | None = None,
    event_id: str | None = None,
    time: datetime | None = None,
) -> CloudEvent[D]:
    """Wrap a payload in a fresh envelope; a root event is its own cause and correlation."""
    eid = event_id or str(uuid.uuid4())
    envelope_type: Any = CloudEvent[type(data)]  # type: ignore[misc]
    return cast(
        CloudEvent[D],
        envelope_type(
            id=eid,
            source=source,
            type=data.event_type,
            time=time or system_clock(),
            subject=data.key(),
            dataschema=schema_uri(data.event_type),
            correlationid=correlation_id or eid,
            causationid=causation_id or eid,
            data=data,
        ),
    )

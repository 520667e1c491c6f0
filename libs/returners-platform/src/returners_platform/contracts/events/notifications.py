"""Events published by the notifications service."""

from typing import ClassVar
from uuid import UUID

from pydantic import AwareDatetime, Field

from returners_platform.contracts.envelope import EventData
from returners_platform.contracts.vocabulary import DeliveryChannel


class NotificationDeliveryFailed(EventData):
    """A webhook or email could not be delivered after every retry (a dead letter).

    Keyed by the council for webhooks and by the application for emails.
    """

    event_type: ClassVar[str] = "returners.notification.delivery_failed.v1"
    key_field: ClassVar[str] = "recipient_id"

    delivery_id: UUID
    channel: DeliveryChannel
    recipient_id: UUID = Field(description="council_id (webhook) or application_id (email)")
    subscription_id: UUID | None
    source_event_id: str
    source_event_type: str
    attempts: int = Field(ge=1)
    last_error: str = Field(max_length=500)
    failed_at: AwareDatetime

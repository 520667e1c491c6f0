"""Request and response bodies of the council and operator APIs (field names are the contract)."""

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from notifications.domain.routing import SUBSCRIBABLE_EVENT_TYPES, check_event_type
from notifications.domain.statuses import DeliveryStatus, SubscriptionStatus
from notifications.store.deliveries import DeliveryRecord
from returners_platform.contracts.catalogue import spec_for_type
from returners_platform.contracts.vocabulary import DeliveryChannel
from returners_platform.errors import Refused


def _event_type(name: str) -> str:
    try:
        return check_event_type(name)
    except Refused as exc:
        raise ValueError(exc.message) from exc


def _distinct(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


EventTypeName = Annotated[
    str,
    AfterValidator(_event_type),
    Field(description=f"One of: {', '.join(SUBSCRIBABLE_EVENT_TYPES)}"),
]


class SubscriptionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(
        min_length=1,
        max_length=2000,
        description="HTTPS endpoint that receives the signed CloudEvents (POST)",
        examples=["https://hooks.example-council.gov.uk/returners"],
    )
    event_types: Annotated[
        list[EventTypeName],
        Field(min_length=1, max_length=len(SUBSCRIBABLE_EVENT_TYPES)),
        AfterValidator(_distinct),
    ] = Field(examples=[["placement.offered", "placement.accepted", "returner.hired"]])


class SubscriptionView(BaseModel):
    subscription_id: UUID
    council_id: UUID
    url: str
    event_types: list[str]
    status: SubscriptionStatus
    created_at: datetime
    updated_at: datetime


class CreatedSubscription(SubscriptionView):
    secret: str = Field(
        description="Standard Webhooks signing secret (whsec_...). Shown only in this answer."
    )


class DeliveryView(BaseModel):
    delivery_id: UUID
    webhook_id: str = Field(description="The webhook-id header: the same on every retry")
    subscription_id: UUID | None
    event_id: str
    event_type: str
    status: DeliveryStatus
    attempts: int
    last_error: str | None
    created_at: datetime
    next_attempt_at: datetime | None = Field(description="Set while the delivery is pending")
    finished_at: datetime | None

    @classmethod
    def of(cls, delivery: DeliveryRecord) -> "DeliveryView":
        return cls.model_validate(_delivery_fields(delivery))


class AttemptView(BaseModel):
    attempt: int
    started_at: datetime
    duration_ms: int
    outcome: str
    status_code: int | None
    error: str | None


class DeliveryDetail(DeliveryView):
    attempt_log: list[AttemptView]


class OperatorDeliveryView(DeliveryView):
    channel: DeliveryChannel
    recipient_id: UUID = Field(description="council_id (webhook) or application_id (email)")
    template: str | None

    @classmethod
    def of(cls, delivery: DeliveryRecord) -> "OperatorDeliveryView":
        return cls.model_validate(
            {
                **_delivery_fields(delivery),
                "channel": delivery.channel,
                "recipient_id": delivery.recipient_id,
                "template": delivery.template,
            }
        )


def _delivery_fields(delivery: DeliveryRecord) -> dict[str, Any]:
    spec = spec_for_type(delivery.source_event_type)
    pending = delivery.status == DeliveryStatus.PENDING
    return {
        "delivery_id": delivery.delivery_id,
        "webhook_id": str(delivery.delivery_id),
        "subscription_id": delivery.subscription_id,
        "event_id": delivery.source_event_id,
        "event_type": spec.short_name if spec else delivery.source_event_type,
        "status": delivery.status,
        "attempts": delivery.attempts,
        "last_error": delivery.last_error,
        "created_at": delivery.created_at,
        "next_attempt_at": delivery.next_attempt_at if pending else None,
        "finished_at": delivery.finished_at,
    }

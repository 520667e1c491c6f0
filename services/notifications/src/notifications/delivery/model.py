"""One delivery as the worker sees it, and what one attempt at it came to."""

import json
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

import asyncpg

from returners_platform.contracts.vocabulary import DeliveryChannel
from returners_platform.messaging.unit_of_work import Connection


@dataclass(frozen=True)
class Delivery:
    delivery_id: UUID
    channel: DeliveryChannel
    recipient_id: UUID
    subscription_id: UUID | None
    source_event_id: str
    source_event_type: str
    correlation_id: str
    body: str | None
    template: str | None
    context: dict[str, Any]
    attempts: int
    failures: int

    @property
    def webhook_id(self) -> str:
        """Stable across retries and replays, so the receiver can dedupe."""
        return str(self.delivery_id)

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> "Delivery":
        return cls(
            delivery_id=row["delivery_id"],
            channel=DeliveryChannel(row["channel"]),
            recipient_id=row["recipient_id"],
            subscription_id=row["subscription_id"],
            source_event_id=row["source_event_id"],
            source_event_type=row["source_event_type"],
            correlation_id=row["correlation_id"],
            body=row["body"],
            template=row["template"],
            context=json.loads(row["context"]) if row["context"] else {},
            attempts=row["attempts"],
            failures=row["failures"],
        )


@dataclass(frozen=True)
class Delivered:
    status_code: int | None = None


@dataclass(frozen=True)
class Skipped:
    reason: str


@dataclass(frozen=True)
class Failed:
    """A failed attempt. ``error`` is shown to councils and operators: no personal data."""

    error: str
    status_code: int | None = None


Outcome = Delivered | Skipped | Failed


class Sender(Protocol):
    async def send(self, conn: Connection, delivery: Delivery) -> Outcome: ...

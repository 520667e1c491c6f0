"""Every webhook and email to send, and its attempts (tables ``deliveries``,
``delivery_attempts``). A pending row is claimed by one worker at a time
(``FOR UPDATE SKIP LOCKED``) and settled in the same transaction as its send."""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from notifications.domain.statuses import DeliveryStatus
from returners_platform.contracts.vocabulary import DeliveryChannel
from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import converting, many, one, run, update, value

PENDING = DeliveryStatus.PENDING.value


@dataclass(frozen=True)
class Delivery:
    """A delivery as the worker sends it."""

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


@dataclass(frozen=True)
class DeliveryRecord:
    """A delivery as councils and operators read it in the log."""

    delivery_id: UUID
    channel: DeliveryChannel
    recipient_id: UUID  # council (webhook) or application (email)
    subscription_id: UUID | None
    source_event_id: str
    source_event_type: str
    template: str | None
    status: DeliveryStatus
    attempts: int
    last_error: str | None
    created_at: datetime
    next_attempt_at: datetime | None
    finished_at: datetime | None


@dataclass(frozen=True)
class Attempt:
    attempt: int
    started_at: datetime
    duration_ms: int
    outcome: str
    status_code: int | None
    error: str | None


@dataclass(frozen=True)
class QueueFigures:
    """One channel's queue: pending (those of them in retry, the oldest due), dead letters."""

    channel: DeliveryChannel
    pending: int
    in_retry: int
    oldest_due: datetime | None
    dead_letters: int


@dataclass(frozen=True)
class LatestFailure:
    channel: DeliveryChannel
    started_at: datetime
    error: str | None


_RECORD = (
    "delivery_id, channel, recipient_id, subscription_id, source_event_id, source_event_type,"
    " template, status, attempts, last_error, created_at, next_attempt_at, finished_at"
)


_record = converting(DeliveryRecord, channel=DeliveryChannel, status=DeliveryStatus)


def _delivery(**row: Any) -> Delivery:
    return Delivery(
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


async def insert_webhook(
    db: Db,
    *,
    delivery_id: UUID,
    council_id: UUID,
    subscription_id: UUID,
    event_id: str,
    event_type: str,
    correlation_id: str,
    body: str,
    now: datetime,
) -> None:
    await run(
        db,
        """
        INSERT INTO deliveries (delivery_id, channel, recipient_id, subscription_id,
            source_event_id, source_event_type, correlation_id, body, status,
            due_at, next_attempt_at, created_at)
        VALUES ($1, 'webhook', $2, $3, $4, $5, $6, $7, 'pending', $8, $8, $8)
        ON CONFLICT DO NOTHING
        """,
        delivery_id,
        council_id,
        subscription_id,
        event_id,
        event_type,
        correlation_id,
        body,
        now,
    )


async def insert_email(
    db: Db,
    *,
    delivery_id: UUID,
    application_id: UUID,
    event_id: str,
    event_type: str,
    correlation_id: str,
    template: str,
    context: dict[str, Any],
    offer_id: UUID | None,
    due_at: datetime,
    now: datetime,
) -> None:
    await run(
        db,
        """
        INSERT INTO deliveries (delivery_id, channel, recipient_id, source_event_id,
            source_event_type, correlation_id, template, context, offer_id, status,
            due_at, next_attempt_at, created_at)
        VALUES ($1, 'email', $2, $3, $4, $5, $6, $7::jsonb, $8, 'pending', $9, $9, $10)
        ON CONFLICT DO NOTHING
        """,
        delivery_id,
        application_id,
        event_id,
        event_type,
        correlation_id,
        template,
        json.dumps(context),
        offer_id,
        due_at,
        now,
    )


async def claim_due(db: Db, now: datetime) -> Delivery | None:
    """Lock the next due delivery no other worker holds (the caller's transaction keeps it).

    A webhook waits while its subscription is paused.
    """
    return await one(
        db,
        _delivery,
        """
        SELECT d.* FROM deliveries d
        LEFT JOIN subscriptions s ON s.subscription_id = d.subscription_id
        WHERE d.status = 'pending' AND d.next_attempt_at <= $1
          AND (d.channel = 'email' OR s.status = 'active')
        ORDER BY d.next_attempt_at
        LIMIT 1
        FOR UPDATE OF d SKIP LOCKED
        """,
        now,
    )


async def record_attempt(
    db: Db,
    *,
    delivery_id: UUID,
    attempt: int,
    started_at: datetime,
    duration_ms: int,
    outcome: str,
    status_code: int | None,
    error: str | None,
) -> None:
    await run(
        db,
        """
        INSERT INTO delivery_attempts (delivery_id, attempt, started_at, duration_ms, outcome,
                                       status_code, error)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        """,
        delivery_id,
        attempt,
        started_at,
        duration_ms,
        outcome,
        status_code,
        error,
    )


async def settle(
    db: Db,
    delivery_id: UUID,
    status: DeliveryStatus,
    *,
    attempts: int,
    error: str | None,
    now: datetime,
) -> None:
    """Finish a delivery: delivered, skipped or dead letter (``failures`` stays, for the log)."""
    await update(
        db,
        "deliveries",
        where={"delivery_id": delivery_id},
        status=status.value,
        attempts=attempts,
        last_error=error,
        finished_at=now,
    )


async def schedule_retry(
    db: Db,
    delivery_id: UUID,
    *,
    attempts: int,
    failures: int,
    error: str,
    next_attempt_at: datetime,
) -> None:
    await update(
        db,
        "deliveries",
        where={"delivery_id": delivery_id},
        attempts=attempts,
        failures=failures,
        last_error=error,
        next_attempt_at=next_attempt_at,
    )


async def replay(db: Db, delivery_id: UUID, now: datetime) -> bool:
    """Put a dead letter back in the queue (same delivery, same webhook-id); False if not dead."""
    replayed = await value(
        db,
        "UPDATE deliveries SET status = 'pending', failures = 0, next_attempt_at = $2,"
        " finished_at = NULL WHERE delivery_id = $1 AND status = 'dead_letter' RETURNING true",
        delivery_id,
        now,
    )
    return bool(replayed)


async def cancel_pending_emails(
    db: Db,
    *,
    application_id: UUID,
    offer_id: UUID | None,
    template: str,
    reason: str,
    now: datetime,
) -> None:
    """Cancel pending emails of one template, for one offer or (offer None) all of them."""
    await run(
        db,
        "UPDATE deliveries SET status = 'cancelled', last_error = $4, finished_at = $5"
        " WHERE channel = 'email' AND recipient_id = $1 AND template = $3"
        " AND ($2::uuid IS NULL OR offer_id = $2) AND status = 'pending'",
        application_id,
        offer_id,
        template,
        reason,
        now,
    )


async def skip_pending_emails(db: Db, application_id: UUID, reason: str, now: datetime) -> None:
    await run(
        db,
        "UPDATE deliveries SET status = 'skipped', last_error = $2, finished_at = $3"
        " WHERE channel = 'email' AND recipient_id = $1 AND status = 'pending'",
        application_id,
        reason,
        now,
    )


async def find(
    db: Db,
    *,
    recipient_id: UUID | None = None,
    channel: DeliveryChannel | None = None,
    status: DeliveryStatus | None = None,
    subscription_id: UUID | None = None,
    limit: int = 100,
) -> list[DeliveryRecord]:
    """Deliveries, newest first, filtered by whichever arguments are given."""
    return await many(
        db,
        _record,
        f"""
        SELECT {_RECORD} FROM deliveries
        WHERE ($1::uuid IS NULL OR recipient_id = $1) AND ($2::text IS NULL OR channel = $2)
          AND ($3::text IS NULL OR status = $3) AND ($4::uuid IS NULL OR subscription_id = $4)
        ORDER BY created_at DESC, delivery_id LIMIT $5
        """,
        recipient_id,
        channel.value if channel else None,
        status.value if status else None,
        subscription_id,
        limit,
    )


async def get(db: Db, delivery_id: UUID) -> DeliveryRecord | None:
    return await one(
        db, _record, f"SELECT {_RECORD} FROM deliveries WHERE delivery_id = $1", delivery_id
    )


async def attempts(db: Db, delivery_id: UUID) -> list[Attempt]:
    return await many(
        db,
        Attempt,
        "SELECT attempt, started_at, duration_ms, outcome, status_code, error"
        " FROM delivery_attempts WHERE delivery_id = $1 ORDER BY attempt",
        delivery_id,
    )


async def queue_figures(db: Db, now: datetime) -> list[QueueFigures]:
    """Per channel with pending deliveries or dead letters: its queue's figures."""
    return await many(
        db,
        converting(QueueFigures, channel=DeliveryChannel),
        """
        SELECT channel,
               count(*) FILTER (WHERE status = 'pending') AS pending,
               count(*) FILTER (WHERE status = 'pending' AND failures > 0) AS in_retry,
               min(due_at) FILTER (WHERE status = 'pending' AND due_at <= $1) AS oldest_due,
               count(*) FILTER (WHERE status = 'dead_letter') AS dead_letters
        FROM deliveries WHERE status IN ('pending', 'dead_letter') GROUP BY channel
        """,
        now,
    )


async def latest_failures(db: Db) -> list[LatestFailure]:
    """Per channel that ever failed: its latest failed attempt's start and error (walks the
    ``delivery_attempts_failed`` index backwards, newest first)."""
    return await many(
        db,
        converting(LatestFailure, channel=DeliveryChannel),
        """
        SELECT c.channel, latest.started_at, latest.error
        FROM unnest($1::text[]) AS c(channel)
        CROSS JOIN LATERAL (
            SELECT a.started_at, a.error
            FROM delivery_attempts a JOIN deliveries d USING (delivery_id)
            WHERE a.outcome = 'failed' AND d.channel = c.channel
            ORDER BY a.started_at DESC
            LIMIT 1
        ) AS latest
        """,
        [channel.value for channel in DeliveryChannel],
    )

"""Council webhook subscriptions (table ``subscriptions``)."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from notifications.domain.statuses import DeliveryStatus, SubscriptionStatus
from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import converting, many, one, run, values

COLUMNS = "subscription_id, council_id, url, event_types, status, created_at, updated_at"


@dataclass(frozen=True)
class Subscription:
    subscription_id: UUID
    council_id: UUID
    url: str
    event_types: list[str]
    status: SubscriptionStatus
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Target:
    """A subscription an event goes to."""

    subscription_id: UUID
    council_id: UUID


@dataclass(frozen=True)
class SigningTarget:
    url: str
    secret_ciphertext: bytes


_subscription = converting(Subscription, status=SubscriptionStatus)


async def insert(
    db: Db,
    *,
    subscription_id: UUID,
    council_id: UUID,
    url: str,
    event_types: list[str],
    secret_ciphertext: bytes,
    now: datetime,
) -> Subscription:
    subscription = await one(
        db,
        _subscription,
        f"""
        INSERT INTO subscriptions (subscription_id, council_id, url, event_types,
                                   secret_ciphertext, status, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, 'active', $6, $6) RETURNING {COLUMNS}
        """,
        subscription_id,
        council_id,
        url,
        event_types,
        secret_ciphertext,
        now,
    )
    assert subscription is not None
    return subscription


async def count_live(db: Db, council_id: UUID) -> int:
    """How many subscriptions (active or paused) the council has; locks them against races."""
    live = await values(
        db,
        "SELECT 1 FROM subscriptions WHERE council_id = $1 AND status <> 'deleted' FOR UPDATE",
        council_id,
    )
    return len(live)


async def list_live(db: Db, council_id: UUID) -> list[Subscription]:
    return await many(
        db,
        _subscription,
        f"SELECT {COLUMNS} FROM subscriptions WHERE council_id = $1 AND status <> 'deleted'"
        " ORDER BY created_at, subscription_id",
        council_id,
    )


async def get_live(db: Db, council_id: UUID, subscription_id: UUID) -> Subscription | None:
    return await one(
        db,
        _subscription,
        f"SELECT {COLUMNS} FROM subscriptions"
        " WHERE council_id = $1 AND subscription_id = $2 AND status <> 'deleted' FOR UPDATE",
        council_id,
        subscription_id,
    )


async def set_status(
    db: Db, subscription_id: UUID, status: SubscriptionStatus, now: datetime
) -> Subscription:
    subscription = await one(
        db,
        _subscription,
        f"UPDATE subscriptions SET status = $2, updated_at = $3 WHERE subscription_id = $1"
        f" RETURNING {COLUMNS}",
        subscription_id,
        status.value,
        now,
    )
    assert subscription is not None
    return subscription


async def cancel_pending_deliveries(db: Db, subscription_id: UUID, now: datetime) -> None:
    await run(
        db,
        "UPDATE deliveries SET status = $2, finished_at = $3, last_error = 'subscription deleted'"
        " WHERE subscription_id = $1 AND status = 'pending'",
        subscription_id,
        DeliveryStatus.CANCELLED.value,
        now,
    )


async def active_for(db: Db, council_ids: list[UUID], event_type: str) -> list[Target]:
    """Active subscriptions of these councils to ``event_type`` (a short name)."""
    return await many(
        db,
        Target,
        "SELECT subscription_id, council_id FROM subscriptions"
        " WHERE council_id = ANY($1) AND status = 'active' AND $2 = ANY(event_types)"
        " ORDER BY subscription_id",
        council_ids,
        event_type,
    )


async def signing_target(db: Db, subscription_id: UUID) -> SigningTarget:
    target = await one(
        db,
        SigningTarget,
        "SELECT url, secret_ciphertext FROM subscriptions WHERE subscription_id = $1",
        subscription_id,
    )
    assert target is not None
    return target

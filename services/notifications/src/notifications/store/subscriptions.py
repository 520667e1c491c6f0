"""Council webhook subscriptions (table ``subscriptions``)."""

from datetime import datetime
from uuid import UUID

import asyncpg

from notifications.domain.statuses import DeliveryStatus, SubscriptionStatus
from returners_platform.messaging.unit_of_work import Connection

COLUMNS = "subscription_id, council_id, url, event_types, status, created_at, updated_at"


async def insert(
    conn: Connection,
    *,
    subscription_id: UUID,
    council_id: UUID,
    url: str,
    event_types: list[str],
    secret_ciphertext: bytes,
    now: datetime,
) -> asyncpg.Record:
    row = await conn.fetchrow(
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
    assert row is not None
    return row


async def count_live(conn: Connection, council_id: UUID) -> int:
    """How many subscriptions (active or paused) the council has; locks them against races."""
    rows = await conn.fetch(
        "SELECT 1 FROM subscriptions WHERE council_id = $1 AND status <> 'deleted' FOR UPDATE",
        council_id,
    )
    return len(rows)


async def list_live(conn: Connection, council_id: UUID) -> list[asyncpg.Record]:
    return list(
        await conn.fetch(
            f"SELECT {COLUMNS} FROM subscriptions WHERE council_id = $1 AND status <> 'deleted'"
            " ORDER BY created_at, subscription_id",
            council_id,
        )
    )


async def get_live(
    conn: Connection, council_id: UUID, subscription_id: UUID
) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"SELECT {COLUMNS} FROM subscriptions"
        " WHERE council_id = $1 AND subscription_id = $2 AND status <> 'deleted' FOR UPDATE",
        council_id,
        subscription_id,
    )


async def set_status(
    conn: Connection, subscription_id: UUID, status: SubscriptionStatus, now: datetime
) -> asyncpg.Record:
    row = await conn.fetchrow(
        f"UPDATE subscriptions SET status = $2, updated_at = $3 WHERE subscription_id = $1"
        f" RETURNING {COLUMNS}",
        subscription_id,
        status.value,
        now,
    )
    assert row is not None
    return row


async def cancel_pending_deliveries(conn: Connection, subscription_id: UUID, now: datetime) -> None:
    await conn.execute(
        "UPDATE deliveries SET status = $2, finished_at = $3, last_error = 'subscription deleted'"
        " WHERE subscription_id = $1 AND status = 'pending'",
        subscription_id,
        DeliveryStatus.CANCELLED.value,
        now,
    )


async def active_for(
    conn: Connection, council_ids: list[UUID], event_type: str
) -> list[asyncpg.Record]:
    """Active subscriptions of these councils to ``event_type`` (a short name)."""
    return list(
        await conn.fetch(
            "SELECT subscription_id, council_id FROM subscriptions"
            " WHERE council_id = ANY($1) AND status = 'active' AND $2 = ANY(event_types)"
            " ORDER BY subscription_id",
            council_ids,
            event_type,
        )
    )


async def signing_target(conn: Connection, subscription_id: UUID) -> asyncpg.Record:
    row = await conn.fetchrow(
        "SELECT url, secret_ciphertext FROM subscriptions WHERE subscription_id = $1",
        subscription_id,
    )
    assert row is not None
    return row

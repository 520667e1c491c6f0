"""What the HTTP routes do: each use case runs in the request's one transaction."""

import uuid
from uuid import UUID

import asyncpg
import httpx

from notifications.config import Settings
from notifications.delivery.resolver import Resolver
from notifications.domain import address_policy
from notifications.domain.statuses import DeliveryStatus, SubscriptionStatus
from notifications.store import deliveries, subscriptions
from notifications.webhooks.secret_box import SecretBox
from notifications.webhooks.signing import new_secret
from returners_platform.contracts.vocabulary import DeliveryChannel
from returners_platform.errors import NotFound, Refused
from returners_platform.messaging.unit_of_work import UnitOfWork


async def check_target(url: str, settings: Settings, resolve: Resolver) -> None:
    """Refuse URLs that are not HTTPS (unless allowed) or that reach non-public addresses."""
    target = address_policy.parse_target(url, allow_http=settings.allow_http_targets)
    try:
        httpx.URL(url)  # what the sender will parse
    except httpx.InvalidURL as exc:
        raise Refused("target_refused", f"the URL is not a valid URL ({exc})", "url") from exc
    try:
        addresses = await resolve(target.host, target.port)
    except (OSError, ValueError) as exc:  # ValueError: a name IDNA cannot encode
        raise Refused(
            "target_refused", f"the URL's host {target.host!r} does not resolve", "url"
        ) from exc
    address_policy.check_addresses(addresses, allow_private=settings.allow_private_targets)


async def create_subscription(
    uow: UnitOfWork,
    council_id: UUID,
    url: str,
    event_types: list[str],
    *,
    settings: Settings,
    box: SecretBox,
    resolve: Resolver,
) -> tuple[asyncpg.Record, str]:
    """The new subscription and its signing secret (which is never shown again)."""
    await check_target(url, settings, resolve)
    most = settings.max_subscriptions_per_council
    if await subscriptions.count_live(uow.conn, council_id) >= most:
        raise Refused("too_many_subscriptions", f"a council can have at most {most} subscriptions")
    secret = new_secret()
    row = await subscriptions.insert(
        uow.conn,
        subscription_id=uuid.uuid4(),
        council_id=council_id,
        url=url,
        event_types=event_types,
        secret_ciphertext=box.seal(secret),
        now=uow.now(),
    )
    return row, secret


async def list_subscriptions(uow: UnitOfWork, council_id: UUID) -> list[asyncpg.Record]:
    return await subscriptions.list_live(uow.conn, council_id)


async def subscription(uow: UnitOfWork, council_id: UUID, subscription_id: UUID) -> asyncpg.Record:
    row = await subscriptions.get_live(uow.conn, council_id, subscription_id)
    if row is None:
        raise NotFound()
    return row


async def set_paused(
    uow: UnitOfWork, council_id: UUID, subscription_id: UUID, paused: bool
) -> asyncpg.Record:
    """Pause (no new deliveries; pending ones wait) or resume (they go out again)."""
    await subscription(uow, council_id, subscription_id)
    status = SubscriptionStatus.PAUSED if paused else SubscriptionStatus.ACTIVE
    return await subscriptions.set_status(uow.conn, subscription_id, status, uow.now())


async def delete_subscription(uow: UnitOfWork, council_id: UUID, subscription_id: UUID) -> None:
    """Stop for good: pending deliveries are cancelled; the delivery log stays readable."""
    await subscription(uow, council_id, subscription_id)
    now = uow.now()
    await subscriptions.set_status(uow.conn, subscription_id, SubscriptionStatus.DELETED, now)
    await subscriptions.cancel_pending_deliveries(uow.conn, subscription_id, now)


async def council_deliveries(
    uow: UnitOfWork,
    council_id: UUID,
    *,
    status: DeliveryStatus | None,
    subscription_id: UUID | None,
    limit: int,
) -> list[asyncpg.Record]:
    return await deliveries.find(
        uow.conn,
        recipient_id=council_id,
        channel=DeliveryChannel.WEBHOOK,
        status=status,
        subscription_id=subscription_id,
        limit=limit,
    )


async def council_delivery(
    uow: UnitOfWork, council_id: UUID, delivery_id: UUID
) -> tuple[asyncpg.Record, list[asyncpg.Record]]:
    row = await deliveries.get(uow.conn, delivery_id)
    ours = row is not None and row["recipient_id"] == council_id
    if row is None or not ours or row["channel"] != DeliveryChannel.WEBHOOK:
        raise NotFound()
    return row, await deliveries.attempts(uow.conn, delivery_id)


async def replay_dead_letter(uow: UnitOfWork, delivery_id: UUID) -> asyncpg.Record:
    """Queue a dead letter again: the same delivery, so the same webhook-id."""
    row = await deliveries.get(uow.conn, delivery_id)
    if row is None:
        raise NotFound()
    if row["subscription_id"] is not None:
        target = await subscriptions.get_live(uow.conn, row["recipient_id"], row["subscription_id"])
        if target is None:
            raise Refused("subscription_deleted", "the subscription was deleted")
    if not await deliveries.replay(uow.conn, delivery_id, uow.now()):
        raise Refused("not_a_dead_letter", f"the delivery is {row['status']}, not a dead letter")
    replayed = await deliveries.get(uow.conn, delivery_id)
    assert replayed is not None
    return replayed

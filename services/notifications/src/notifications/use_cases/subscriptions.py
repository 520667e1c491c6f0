"""Council webhook subscriptions: create (the secret shown once), read, pause, resume, delete."""

import uuid
from uuid import UUID

import httpx

from notifications.config import Settings
from notifications.delivery.resolver import Resolver
from notifications.domain import address_policy
from notifications.domain.statuses import SubscriptionStatus
from notifications.store import subscriptions
from notifications.store.subscriptions import Subscription
from notifications.webhooks.secret_box import SecretBox
from notifications.webhooks.signing import new_secret
from returners_platform.errors import Refused, found
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
) -> tuple[Subscription, str]:
    """The new subscription and its signing secret (which is never shown again)."""
    await check_target(url, settings, resolve)
    most = settings.max_subscriptions_per_council
    if await subscriptions.count_live(uow, council_id) >= most:
        raise Refused("too_many_subscriptions", f"a council can have at most {most} subscriptions")
    secret = new_secret()
    created = await subscriptions.insert(
        uow,
        subscription_id=uuid.uuid4(),
        council_id=council_id,
        url=url,
        event_types=event_types,
        secret_ciphertext=box.seal(secret),
        now=uow.now(),
    )
    return created, secret


async def list_subscriptions(uow: UnitOfWork, council_id: UUID) -> list[Subscription]:
    return await subscriptions.list_live(uow, council_id)


async def subscription(uow: UnitOfWork, council_id: UUID, subscription_id: UUID) -> Subscription:
    return found(await subscriptions.get_live(uow, council_id, subscription_id))


async def set_paused(
    uow: UnitOfWork, council_id: UUID, subscription_id: UUID, paused: bool
) -> Subscription:
    """Pause (no new deliveries; pending ones wait) or resume (they go out again)."""
    await subscription(uow, council_id, subscription_id)
    status = SubscriptionStatus.PAUSED if paused else SubscriptionStatus.ACTIVE
    return await subscriptions.set_status(uow, subscription_id, status, uow.now())


async def delete_subscription(uow: UnitOfWork, council_id: UUID, subscription_id: UUID) -> None:
    """Stop for good: pending deliveries are cancelled; the delivery log stays readable."""
    await subscription(uow, council_id, subscription_id)
    now = uow.now()
    await subscriptions.set_status(uow, subscription_id, SubscriptionStatus.DELETED, now)
    await subscriptions.cancel_pending_deliveries(uow, subscription_id, now)

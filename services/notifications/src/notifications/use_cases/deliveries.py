"""The delivery log: a council's webhooks, an operator's view of everything, replays."""

from uuid import UUID

from notifications.domain.statuses import DeliveryStatus
from notifications.store import deliveries, subscriptions
from notifications.store.deliveries import Attempt, DeliveryRecord
from returners_platform.contracts.vocabulary import DeliveryChannel
from returners_platform.errors import NotFound, Refused, found
from returners_platform.messaging.unit_of_work import UnitOfWork


async def council_deliveries(
    uow: UnitOfWork,
    council_id: UUID,
    *,
    status: DeliveryStatus | None,
    subscription_id: UUID | None,
    limit: int,
) -> list[DeliveryRecord]:
    return await deliveries.find(
        uow,
        recipient_id=council_id,
        channel=DeliveryChannel.WEBHOOK,
        status=status,
        subscription_id=subscription_id,
        limit=limit,
    )


async def council_delivery(
    uow: UnitOfWork, council_id: UUID, delivery_id: UUID
) -> tuple[DeliveryRecord, list[Attempt]]:
    delivery = await deliveries.get(uow, delivery_id)
    if delivery is None or delivery.recipient_id != council_id:
        raise NotFound()
    if delivery.channel != DeliveryChannel.WEBHOOK:
        raise NotFound()
    return delivery, await deliveries.attempts(uow, delivery_id)


async def operator_deliveries(
    uow: UnitOfWork,
    *,
    status: DeliveryStatus,
    channel: DeliveryChannel | None,
    recipient_id: UUID | None,
    limit: int,
) -> list[DeliveryRecord]:
    """Every council's webhooks and every applicant's emails (ids and outcomes only)."""
    return await deliveries.find(
        uow, status=status, channel=channel, recipient_id=recipient_id, limit=limit
    )


async def replay_dead_letter(uow: UnitOfWork, delivery_id: UUID) -> DeliveryRecord:
    """Queue a dead letter again: the same delivery, so the same webhook-id."""
    delivery = found(await deliveries.get(uow, delivery_id))
    if delivery.subscription_id is not None:
        live = await subscriptions.get_live(uow, delivery.recipient_id, delivery.subscription_id)
        if live is None:
            raise Refused("subscription_deleted", "the subscription was deleted")
    if not await deliveries.replay(uow, delivery_id, uow.now()):
        raise Refused(
            "not_a_dead_letter", f"the delivery is {delivery.status.value}, not a dead letter"
        )
    replayed = await deliveries.get(uow, delivery_id)
    assert replayed is not None
    return replayed

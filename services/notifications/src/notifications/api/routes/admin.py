"""Operators (operations token): find dead letters across councils and emails, replay them."""

from typing import Annotated
from uuid import UUID

from fastapi import Query, status

from notifications.api.deps import UnitOfWorkDep
from notifications.api.schemas import OperatorDeliveryView
from notifications.domain.statuses import DeliveryStatus
from notifications.use_cases import deliveries
from returners_platform.contracts.vocabulary import DeliveryChannel
from returners_platform.service.deps import operations_router
from returners_platform.service.problems import responses

router = operations_router("/admin/deliveries", tags=["operations"])


@router.get("")
async def list_deliveries(
    uow: UnitOfWorkDep,
    status: DeliveryStatus = DeliveryStatus.DEAD_LETTER,
    channel: DeliveryChannel | None = None,
    recipient_id: Annotated[
        UUID | None, Query(description="An application id (email) or a council id (webhook)")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[OperatorDeliveryView]:
    found = await deliveries.operator_deliveries(
        uow, status=status, channel=channel, recipient_id=recipient_id, limit=limit
    )
    return [OperatorDeliveryView.of(delivery) for delivery in found]


@router.post(
    "/{delivery_id}/replay",
    status_code=status.HTTP_202_ACCEPTED,
    responses=responses(
        {404: "No such delivery", 409: "Not a dead letter, or its subscription was deleted"},
    ),
    summary="Send a dead letter again (same webhook-id)",
)
async def replay(delivery_id: UUID, uow: UnitOfWorkDep) -> OperatorDeliveryView:
    return OperatorDeliveryView.of(await deliveries.replay_dead_letter(uow, delivery_id))

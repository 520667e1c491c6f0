"""A council's delivery log: every webhook we sent it, with its attempts and dead letters."""

from typing import Annotated
from uuid import UUID

from fastapi import Query

from notifications.api.deps import CouncilDep, UnitOfWorkDep
from notifications.api.schemas import AttemptView, DeliveryDetail, DeliveryView
from notifications.domain.statuses import DeliveryStatus
from notifications.use_cases import deliveries
from returners_platform.service.deps import council_router

router = council_router("/councils/{council_id}/deliveries", tags=["deliveries"])


@router.get(
    "",
    summary="The delivery log, newest first (status=dead_letter lists dead letters)",
)
async def list_deliveries(
    council_id: CouncilDep,
    uow: UnitOfWorkDep,
    status: DeliveryStatus | None = None,
    subscription_id: UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[DeliveryView]:
    found = await deliveries.council_deliveries(
        uow, council_id, status=status, subscription_id=subscription_id, limit=limit
    )
    return [DeliveryView.of(delivery) for delivery in found]


@router.get("/{delivery_id}")
async def read_delivery(
    delivery_id: UUID, council_id: CouncilDep, uow: UnitOfWorkDep
) -> DeliveryDetail:
    delivery, attempts = await deliveries.council_delivery(uow, council_id, delivery_id)
    return DeliveryDetail(
        **DeliveryView.of(delivery).model_dump(),
        attempt_log=[AttemptView.model_validate(a, from_attributes=True) for a in attempts],
    )

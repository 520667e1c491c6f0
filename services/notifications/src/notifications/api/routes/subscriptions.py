"""Council webhook subscriptions: create (secret shown once), list, read, pause, resume, delete."""

from dataclasses import asdict
from uuid import UUID

from fastapi import Response, status

from notifications.api.deps import (
    CouncilDep,
    ResolverDep,
    SecretBoxDep,
    SettingsDep,
    UnitOfWorkDep,
)
from notifications.api.schemas import CreatedSubscription, SubscriptionRequest, SubscriptionView
from notifications.use_cases import subscriptions
from returners_platform.service.deps import council_router
from returners_platform.service.problems import responses

router = council_router("/councils/{council_id}/subscriptions", tags=["subscriptions"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=responses({409: "Too many subscriptions"}),
    summary="Subscribe a URL to event types; the signing secret is shown only here",
)
async def create(
    body: SubscriptionRequest,
    council_id: CouncilDep,
    uow: UnitOfWorkDep,
    settings: SettingsDep,
    box: SecretBoxDep,
    resolver: ResolverDep,
) -> CreatedSubscription:
    created, secret = await subscriptions.create_subscription(
        uow,
        council_id,
        body.url,
        body.event_types,
        settings=settings,
        box=box,
        resolve=resolver,
    )
    return CreatedSubscription(**asdict(created), secret=secret)


@router.get("")
async def list_subscriptions(council_id: CouncilDep, uow: UnitOfWorkDep) -> list[SubscriptionView]:
    found = await subscriptions.list_subscriptions(uow, council_id)
    return [SubscriptionView.model_validate(s, from_attributes=True) for s in found]


@router.get("/{subscription_id}")
async def read(
    subscription_id: UUID, council_id: CouncilDep, uow: UnitOfWorkDep
) -> SubscriptionView:
    found = await subscriptions.subscription(uow, council_id, subscription_id)
    return SubscriptionView.model_validate(found, from_attributes=True)


@router.post("/{subscription_id}/pause")
async def pause(
    subscription_id: UUID, council_id: CouncilDep, uow: UnitOfWorkDep
) -> SubscriptionView:
    return await _set_paused(uow, council_id, subscription_id, paused=True)


@router.post("/{subscription_id}/resume")
async def resume(
    subscription_id: UUID, council_id: CouncilDep, uow: UnitOfWorkDep
) -> SubscriptionView:
    return await _set_paused(uow, council_id, subscription_id, paused=False)


@router.delete("/{subscription_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete(subscription_id: UUID, council_id: CouncilDep, uow: UnitOfWorkDep) -> Response:
    await subscriptions.delete_subscription(uow, council_id, subscription_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


async def _set_paused(
    uow: UnitOfWorkDep, council_id: UUID, subscription_id: UUID, *, paused: bool
) -> SubscriptionView:
    changed = await subscriptions.set_paused(uow, council_id, subscription_id, paused)
    return SubscriptionView.model_validate(changed, from_attributes=True)

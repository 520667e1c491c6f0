"""Council webhook subscriptions: create (secret shown once), list, read, pause, resume, delete."""

from uuid import UUID

from fastapi import APIRouter, Response, status

from notifications import use_cases
from notifications.api.deps import (
    CouncilDep,
    ResolverDep,
    SecretBoxDep,
    SettingsDep,
    UnitOfWorkDep,
)
from notifications.api.schemas import CreatedSubscription, SubscriptionRequest, SubscriptionView

router = APIRouter(prefix="/councils/{council_id}/subscriptions", tags=["subscriptions"])

AUTH_RESPONSES: dict[int | str, dict[str, str]] = {
    401: {"description": "No valid council API key"},
    404: {"description": "Not found for this council's key"},
}


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CreatedSubscription,
    responses={**AUTH_RESPONSES, 409: {"description": "Too many subscriptions"}},
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
    row, secret = await use_cases.create_subscription(
        uow,
        council_id,
        body.url,
        body.event_types,
        settings=settings,
        box=box,
        resolve=resolver,
    )
    return CreatedSubscription(**dict(row), secret=secret)


@router.get("", response_model=list[SubscriptionView], responses=AUTH_RESPONSES)
async def list_subscriptions(council_id: CouncilDep, uow: UnitOfWorkDep) -> list[SubscriptionView]:
    rows = await use_cases.list_subscriptions(uow, council_id)
    return [SubscriptionView(**dict(row)) for row in rows]


@router.get("/{subscription_id}", response_model=SubscriptionView, responses=AUTH_RESPONSES)
async def read(
    subscription_id: UUID, council_id: CouncilDep, uow: UnitOfWorkDep
) -> SubscriptionView:
    row = await use_cases.subscription(uow, council_id, subscription_id)
    return SubscriptionView(**dict(row))


@router.post("/{subscription_id}/pause", response_model=SubscriptionView, responses=AUTH_RESPONSES)
async def pause(
    subscription_id: UUID, council_id: CouncilDep, uow: UnitOfWorkDep
) -> SubscriptionView:
    return await _set_paused(uow, council_id, subscription_id, paused=True)


@router.post("/{subscription_id}/resume", response_model=SubscriptionView, responses=AUTH_RESPONSES)
async def resume(
    subscription_id: UUID, council_id: CouncilDep, uow: UnitOfWorkDep
) -> SubscriptionView:
    return await _set_paused(uow, council_id, subscription_id, paused=False)


@router.delete(
    "/{subscription_id}", status_code=status.HTTP_204_NO_CONTENT, responses=AUTH_RESPONSES
)
async def delete(subscription_id: UUID, council_id: CouncilDep, uow: UnitOfWorkDep) -> Response:
    await use_cases.delete_subscription(uow, council_id, subscription_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


async def _set_paused(
    uow: UnitOfWorkDep, council_id: UUID, subscription_id: UUID, *, paused: bool
) -> SubscriptionView:
    row = await use_cases.set_paused(uow, council_id, subscription_id, paused)
    return SubscriptionView(**dict(row))

"""Event handlers of the applications service, and the registry mapping events to them.

Each handler runs inside the consumer's transaction (after the processed-events
check), so its writes happen exactly once per event.
"""

from typing import Any

from applications import store
from applications.domain.status import OfferStatus
from returners_platform.contracts.envelope import CloudEvent
from returners_platform.contracts.events import (
    EligibilityDecided,
    PlacementOffered,
    PlacementOfferExpired,
    ProgrammePublished,
    ReturnerHired,
)
from returners_platform.messaging.consumer import HandlerRegistry
from returners_platform.messaging.failure_policy import PermanentHandlerError
from returners_platform.messaging.unit_of_work import UnitOfWork


async def _require_application(uow: UnitOfWork, event: CloudEvent[Any]) -> Any:
    row = await store.application(uow.conn, event.data.application_id)
    if row is None:
        raise PermanentHandlerError(f"unknown application {event.data.application_id}")
    return row


async def handle_programme_published(
    event: CloudEvent[ProgrammePublished], uow: UnitOfWork
) -> None:
    await store.upsert_programme(uow.conn, event.data.model_dump(mode="json"))


async def handle_eligibility_decided(
    event: CloudEvent[EligibilityDecided], uow: UnitOfWork
) -> None:
    data = event.data
    await _require_application(uow, event)
    eligibility = data.model_dump(
        mode="json",
        include={"eligible", "reasons", "updating_days", "years_out_of_practice", "decided_at"},
    )
    await store.record_eligibility(uow.conn, data.application_id, eligibility)
    await store.add_timeline(
        uow.conn,
        data.application_id,
        "eligibility_decided",
        data.decided_at,
        {"eligible": data.eligible, "reasons": eligibility["reasons"]},
    )
    await store.refresh_status(uow.conn, data.application_id)


async def handle_placement_offered(event: CloudEvent[PlacementOffered], uow: UnitOfWork) -> None:
    data = event.data
    await _require_application(uow, event)
    if await store.insert_offer(uow.conn, data.model_dump()):
        await store.add_timeline(
            uow.conn,
            data.application_id,
            "offered",
            data.offered_at,
            {"offer_id": str(data.offer_id), "expires_at": data.expires_at.isoformat()},
        )
        await store.refresh_status(uow.conn, data.application_id)


async def handle_placement_offer_expired(
    event: CloudEvent[PlacementOfferExpired], uow: UnitOfWork
) -> None:
    data = event.data
    await _require_application(uow, event)
    if await store.offer(uow.conn, data.application_id, data.offer_id) is None:
        raise PermanentHandlerError(f"unknown offer {data.offer_id}")
    await store.set_offer_status(uow.conn, data.offer_id, OfferStatus.EXPIRED, data.expired_at)
    await store.add_timeline(
        uow.conn,
        data.application_id,
        "offer_expired",
        data.expired_at,
        {"offer_id": str(data.offer_id)},
    )
    await store.refresh_status(uow.conn, data.application_id)


async def handle_returner_hired(event: CloudEvent[ReturnerHired], uow: UnitOfWork) -> None:
    data = event.data
    await _require_application(uow, event)
    await store.mark_hired(uow.conn, data.application_id, data.hired_at)
    await store.add_timeline(
        uow.conn,
        data.application_id,
        "hired",
        data.hired_at,
        {"council_id": str(data.council_id)},
    )
    await store.refresh_status(uow.conn, data.application_id)


EVENT_HANDLERS: HandlerRegistry = {
    ProgrammePublished: handle_programme_published,
    EligibilityDecided: handle_eligibility_decided,
    PlacementOffered: handle_placement_offered,
    PlacementOfferExpired: handle_placement_offer_expired,
    ReturnerHired: handle_returner_hired,
}

"""Event handlers of the applications service, and the registry mapping events to them.

Each handler runs inside the consumer's transaction (after the processed-events
check), so its writes happen exactly once per event.
"""

from uuid import UUID

from applications.domain.status import OfferStatus
from applications.store import applications, offers, programmes, timeline
from applications.store.applications import Application
from applications.store.offers import Offer
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


async def _require_application(uow: UnitOfWork, application_id: UUID) -> Application:
    found = await applications.locked(uow, application_id)
    if found is None:
        raise PermanentHandlerError(f"unknown application {application_id}")
    return found


async def handle_programme_published(
    event: CloudEvent[ProgrammePublished], uow: UnitOfWork
) -> None:
    await programmes.upsert(uow, event.data.model_dump(mode="json"))


async def handle_eligibility_decided(
    event: CloudEvent[EligibilityDecided], uow: UnitOfWork
) -> None:
    data = event.data
    await _require_application(uow, data.application_id)
    eligibility = data.model_dump(
        mode="json",
        include={"eligible", "reasons", "updating_days", "years_out_of_practice", "decided_at"},
    )
    await applications.record_eligibility(uow, data.application_id, eligibility)
    await timeline.add(
        uow,
        data.application_id,
        "eligibility_decided",
        data.decided_at,
        {"eligible": data.eligible, "reasons": eligibility["reasons"]},
    )
    await applications.refresh_status(uow, data.application_id)


async def handle_placement_offered(event: CloudEvent[PlacementOffered], uow: UnitOfWork) -> None:
    data = event.data
    await _require_application(uow, data.application_id)
    offer = Offer(
        offer_id=data.offer_id,
        application_id=data.application_id,
        council_id=data.council_id,
        vacancy_id=data.vacancy_id,
        region=data.region.value,
        specialism=data.specialism.value,
        updating_days=data.updating_days,
        starts_on=data.starts_on,
        offered_at=data.offered_at,
        expires_at=data.expires_at,
        status=OfferStatus.OFFERED,
        answered_at=None,
    )
    if await offers.insert(uow, offer):
        await timeline.add(
            uow,
            data.application_id,
            "offered",
            data.offered_at,
            {"offer_id": str(data.offer_id), "expires_at": data.expires_at.isoformat()},
        )
        await applications.refresh_status(uow, data.application_id)


async def handle_placement_offer_expired(
    event: CloudEvent[PlacementOfferExpired], uow: UnitOfWork
) -> None:
    data = event.data
    await _require_application(uow, data.application_id)
    if await offers.locked(uow, data.application_id, data.offer_id) is None:
        raise PermanentHandlerError(f"unknown offer {data.offer_id}")
    await offers.set_status(uow, data.offer_id, OfferStatus.EXPIRED, data.expired_at)
    await timeline.add(
        uow,
        data.application_id,
        "offer_expired",
        data.expired_at,
        {"offer_id": str(data.offer_id)},
    )
    await applications.refresh_status(uow, data.application_id)


async def handle_returner_hired(event: CloudEvent[ReturnerHired], uow: UnitOfWork) -> None:
    data = event.data
    await _require_application(uow, data.application_id)
    await applications.mark_hired(uow, data.application_id, data.hired_at)
    await timeline.add(
        uow,
        data.application_id,
        "hired",
        data.hired_at,
        {"council_id": str(data.council_id)},
    )
    await applications.refresh_status(uow, data.application_id)


EVENT_HANDLERS: HandlerRegistry = {
    ProgrammePublished: handle_programme_published,
    EligibilityDecided: handle_eligibility_decided,
    PlacementOffered: handle_placement_offered,
    PlacementOfferExpired: handle_placement_offer_expired,
    ReturnerHired: handle_returner_hired,
}

"""Event handlers of the selection service, and the registry mapping events to them.

Each handler runs inside the consumer's transaction (after the processed-events check), so
what it records and publishes happens exactly once per event.
"""

from returners_platform.contracts import events
from returners_platform.contracts.envelope import CloudEvent, EventData
from returners_platform.messaging.consumer import HandlerRegistry
from returners_platform.messaging.unit_of_work import UnitOfWork
from selection.use_cases import bookings, feedback, invitations, waitlist


async def handle_programme_published(
    event: CloudEvent[events.AnyProgrammePublished], uow: UnitOfWork
) -> None:
    """Any version: a v1 programme has no selection."""
    await invitations.record_programme(uow, events.as_v3(event.data))


async def handle_application_submitted(
    event: CloudEvent[events.AnyApplicationSubmitted], uow: UnitOfWork
) -> None:
    data = event.data
    await invitations.record_submission(
        uow, data.application_id, data.programme_id, data.submitted_at
    )


async def handle_eligibility_decided(
    event: CloudEvent[events.EligibilityDecided], uow: UnitOfWork
) -> None:
    if event.data.eligible:
        await invitations.record_eligible(uow, event.data.application_id, event.data.programme_id)


async def handle_booking_requested(
    event: CloudEvent[events.InterviewBookingRequested], uow: UnitOfWork
) -> None:
    data = event.data
    await bookings.handle_request(
        uow, data.application_id, data.programme_id, data.request_id, data.slot_id
    )


async def handle_application_withdrawn(
    event: CloudEvent[events.ApplicationWithdrawn], uow: UnitOfWork
) -> None:
    await waitlist.withdrawn(uow, event.data.application_id, event.data.withdrawn_at)


async def handle_placement_declined(
    event: CloudEvent[events.PlacementDeclined], uow: UnitOfWork
) -> None:
    await waitlist.place_given_back(uow, event.data.application_id, event.data.declined_at)


async def handle_offer_expired(
    event: CloudEvent[events.PlacementOfferExpired], uow: UnitOfWork
) -> None:
    await waitlist.place_given_back(uow, event.data.application_id, event.data.expired_at)


async def handle_offer_withdrawn(
    event: CloudEvent[events.PlacementOfferWithdrawn], uow: UnitOfWork
) -> None:
    """A condition of the accepted offer was not met (training): the place is given back."""
    await waitlist.place_given_back(uow, event.data.application_id, event.data.withdrawn_at)


async def handle_applicant_erased(
    event: CloudEvent[events.ApplicantErased], uow: UnitOfWork
) -> None:
    await feedback.erase(uow, event.data.application_id)


EVENT_HANDLERS: HandlerRegistry = {
    events.ProgrammePublished: handle_programme_published,
    events.ProgrammePublishedV2: handle_programme_published,
    events.ProgrammePublishedV3: handle_programme_published,
    events.ApplicationSubmitted: handle_application_submitted,
    events.ApplicationSubmittedV2: handle_application_submitted,
    events.EligibilityDecided: handle_eligibility_decided,
    events.InterviewBookingRequested: handle_booking_requested,
    events.ApplicationWithdrawn: handle_application_withdrawn,
    events.PlacementDeclined: handle_placement_declined,
    events.PlacementOfferExpired: handle_offer_expired,
    events.PlacementOfferWithdrawn: handle_offer_withdrawn,
    events.ApplicantErased: handle_applicant_erased,
}
# What this service consumes: the events its handler registry handles.
CONSUMES: frozenset[type[EventData]] = frozenset(EVENT_HANDLERS)

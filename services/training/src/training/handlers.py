"""Event handlers of the training service, and the registry mapping events to them.

Each handler runs inside the consumer's transaction (after the processed-events check), so
what it records and publishes happens exactly once per event.
"""

from returners_platform.contracts import events
from returners_platform.contracts.envelope import CloudEvent, EventData
from returners_platform.contracts.vocabulary import ReregistrationReportedBy
from returners_platform.errors import NotFound, Refused
from returners_platform.messaging.consumer import HandlerRegistry
from returners_platform.messaging.failure_policy import PermanentHandlerError
from returners_platform.messaging.unit_of_work import UnitOfWork
from training.use_cases import conditions, erasure, placements, programmes, reregistration


async def handle_programme_published(
    event: CloudEvent[events.AnyProgrammePublished], uow: UnitOfWork
) -> None:
    """Any version: a v1 programme keeps its data for the default periods."""
    await programmes.record(uow, events.as_v3(event.data))


async def handle_placement_offered(
    event: CloudEvent[events.AnyPlacementOffered], uow: UnitOfWork
) -> None:
    opened = await placements.record_offer(uow, event.data)
    if opened is not None:  # referees may have answered before it opened
        await conditions.references_so_far(uow, opened)


async def handle_placement_accepted(
    event: CloudEvent[events.PlacementAccepted], uow: UnitOfWork
) -> None:
    opened = await placements.record_acceptance(uow, event.data)
    if opened is not None:
        await conditions.references_so_far(uow, opened)


async def handle_reference_received(
    event: CloudEvent[events.ReferenceReceived], uow: UnitOfWork
) -> None:
    await conditions.reference_received(uow, event.data)


async def handle_reregistration_reported(
    event: CloudEvent[events.ReregistrationReported], uow: UnitOfWork
) -> None:
    """The returner's report, recorded as operations' would be; one that cannot be (no
    completed placement, or a refusal after a restoration) is dead-lettered with the reason."""
    data = event.data
    try:
        await reregistration.record(
            uow,
            data.application_id,
            applied_on=data.applied_on,
            decision=data.decision,
            decided_on=data.decided_on,
            reported_by=ReregistrationReportedBy.RETURNER,
        )
    except (NotFound, Refused) as exc:
        raise PermanentHandlerError(
            f"re-registration reported for {data.application_id}: {exc}"
        ) from exc


async def handle_application_withdrawn(
    event: CloudEvent[events.ApplicationWithdrawn], uow: UnitOfWork
) -> None:
    await placements.application_withdrawn(uow, event.data.application_id, event.data.withdrawn_at)


async def handle_applicant_erased(
    event: CloudEvent[events.ApplicantErased], uow: UnitOfWork
) -> None:
    await erasure.erase(uow, event.data.application_id, reason=event.data.reason.value)


EVENT_HANDLERS: HandlerRegistry = {
    events.ProgrammePublished: handle_programme_published,
    events.ProgrammePublishedV2: handle_programme_published,
    events.ProgrammePublishedV3: handle_programme_published,
    events.PlacementOffered: handle_placement_offered,
    events.PlacementOfferedV2: handle_placement_offered,
    events.PlacementAccepted: handle_placement_accepted,
    events.ReferenceReceived: handle_reference_received,
    events.ReregistrationReported: handle_reregistration_reported,
    events.ApplicationWithdrawn: handle_application_withdrawn,
    events.ApplicantErased: handle_applicant_erased,
}
# What this service consumes: the events its handler registry handles.
CONSUMES: frozenset[type[EventData]] = frozenset(EVENT_HANDLERS)

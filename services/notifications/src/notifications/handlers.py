"""Event handlers of the notifications service, and the registry mapping events to them.

Each handler runs inside the consumer's transaction (after the processed-events
check): the deliveries it plans are written exactly once per event, before any
sending; the delivery worker sends them later.
"""

from notifications.store import directory
from notifications.use_cases.planning import (
    cancel_interview_reminders,
    cancel_reminders,
    forget_applicant,
    forward_selection_decision,
    plan_emails,
    plan_webhooks,
    remember_selection_decision,
)
from returners_platform.contracts.envelope import CloudEvent
from returners_platform.contracts.events import (
    ApplicantErased,
    ApplicationSubmitted,
    ApplicationWithdrawn,
    AssessmentInvited,
    CouncilRegistered,
    EligibilityDecided,
    InterviewBooked,
    InterviewCancelled,
    InterviewInvited,
    InterviewSlotUnavailable,
    PlacementAccepted,
    PlacementDeclined,
    PlacementOffered,
    PlacementOfferExpired,
    ProgrammePublished,
    ProgrammePublishedV2,
    ReturnerHired,
    SelectionDecided,
    SignInLinkRequested,
    VacancyClosed,
    VacancyPublished,
    WaitlistPromoted,
)
from returners_platform.messaging.consumer import HandlerRegistry
from returners_platform.messaging.unit_of_work import UnitOfWork


async def handle_application_submitted(
    event: CloudEvent[ApplicationSubmitted], uow: UnitOfWork
) -> None:
    await plan_emails(uow, event)


async def handle_eligibility_decided(
    event: CloudEvent[EligibilityDecided], uow: UnitOfWork
) -> None:
    await plan_emails(uow, event)


async def handle_placement_offered(event: CloudEvent[PlacementOffered], uow: UnitOfWork) -> None:
    data = event.data
    await directory.record_offer(uow, data.offer_id, data.application_id, data.council_id)
    await plan_webhooks(uow, event)
    await forward_selection_decision(uow, data.application_id, data.council_id)
    await plan_emails(uow, event)


async def handle_selection_step(
    event: CloudEvent[
        AssessmentInvited | InterviewInvited | InterviewSlotUnavailable | WaitlistPromoted
    ],
    uow: UnitOfWork,
) -> None:
    """Invitations, a booking refused, a promotion: an email each."""
    await plan_emails(uow, event)


async def handle_selection_decided(event: CloudEvent[SelectionDecided], uow: UnitOfWork) -> None:
    """The result: the applicant's email; kept for (and sent to) the councils that offer them
    a placement."""
    await remember_selection_decision(uow, event)
    await plan_webhooks(uow, event)
    await plan_emails(uow, event)


async def handle_interview_booked(event: CloudEvent[InterviewBooked], uow: UnitOfWork) -> None:
    """A booking (or a move): the confirmation, and the day-before reminder of this time only."""
    await cancel_interview_reminders(uow, event.data.application_id, event.type)
    await plan_emails(uow, event)


async def handle_interview_cancelled(
    event: CloudEvent[InterviewCancelled], uow: UnitOfWork
) -> None:
    await cancel_interview_reminders(uow, event.data.application_id, event.type)


async def handle_offer_settled(
    event: CloudEvent[PlacementAccepted | PlacementDeclined | PlacementOfferExpired],
    uow: UnitOfWork,
) -> None:
    """Accepted, declined or expired: tell the council; the reminder is no longer needed."""
    await plan_webhooks(uow, event)
    await cancel_reminders(uow, event.data.application_id, event.data.offer_id, event.type)


async def handle_returner_hired(event: CloudEvent[ReturnerHired], uow: UnitOfWork) -> None:
    await plan_webhooks(uow, event)
    await cancel_reminders(uow, event.data.application_id, None, event.type)
    await plan_emails(uow, event)


async def handle_application_withdrawn(
    event: CloudEvent[ApplicationWithdrawn], uow: UnitOfWork
) -> None:
    await plan_webhooks(uow, event)
    await cancel_reminders(uow, event.data.application_id, None, event.type)
    await cancel_interview_reminders(uow, event.data.application_id, event.type)


async def handle_applicant_erased(event: CloudEvent[ApplicantErased], uow: UnitOfWork) -> None:
    await plan_webhooks(uow, event)
    await forget_applicant(uow, event.data.application_id)


async def handle_sign_in_link_requested(
    event: CloudEvent[SignInLinkRequested], uow: UnitOfWork
) -> None:
    """One email; to whom (if anyone) and the link are asked for when it is sent."""
    await plan_emails(uow, event)


async def handle_council_registered(event: CloudEvent[CouncilRegistered], uow: UnitOfWork) -> None:
    await directory.upsert_council(uow, event.data.council_id, event.data.name)
    await plan_webhooks(uow, event)


async def handle_vacancy_changed(
    event: CloudEvent[VacancyPublished | VacancyClosed], uow: UnitOfWork
) -> None:
    await plan_webhooks(uow, event)


async def handle_programme_published(
    event: CloudEvent[ProgrammePublished], uow: UnitOfWork
) -> None:
    await directory.upsert_programme(uow, event.data.programme_id, event.data.title)


EVENT_HANDLERS: HandlerRegistry = {
    ApplicationSubmitted: handle_application_submitted,
    EligibilityDecided: handle_eligibility_decided,
    PlacementOffered: handle_placement_offered,
    PlacementAccepted: handle_offer_settled,
    PlacementDeclined: handle_offer_settled,
    PlacementOfferExpired: handle_offer_settled,
    ReturnerHired: handle_returner_hired,
    ApplicationWithdrawn: handle_application_withdrawn,
    ApplicantErased: handle_applicant_erased,
    SignInLinkRequested: handle_sign_in_link_requested,
    CouncilRegistered: handle_council_registered,
    VacancyPublished: handle_vacancy_changed,
    VacancyClosed: handle_vacancy_changed,
    ProgrammePublished: handle_programme_published,
    ProgrammePublishedV2: handle_programme_published,
    AssessmentInvited: handle_selection_step,
    InterviewInvited: handle_selection_step,
    InterviewBooked: handle_interview_booked,
    InterviewCancelled: handle_interview_cancelled,
    InterviewSlotUnavailable: handle_selection_step,
    SelectionDecided: handle_selection_decided,
    WaitlistPromoted: handle_selection_step,
}

"""Event handlers of the notifications service, and the registry mapping events to them.

Each handler runs inside the consumer's transaction (after the processed-events
check): the deliveries it plans are written exactly once per event, before any
sending; the delivery worker sends them later.
"""

from typing import Any

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
from returners_platform.contracts import events
from returners_platform.contracts.envelope import CloudEvent, EventData
from returners_platform.messaging.consumer import HandlerRegistry
from returners_platform.messaging.unit_of_work import UnitOfWork


async def handle_application_submitted(
    event: CloudEvent[events.AnyApplicationSubmitted], uow: UnitOfWork
) -> None:
    await plan_emails(uow, event)


async def handle_eligibility_decided(
    event: CloudEvent[events.EligibilityDecided], uow: UnitOfWork
) -> None:
    await plan_emails(uow, event)


async def handle_placement_offered(
    event: CloudEvent[events.AnyPlacementOffered], uow: UnitOfWork
) -> None:
    data = event.data
    await directory.record_offer(uow, data.offer_id, data.application_id, data.council_id)
    await plan_webhooks(uow, event)
    await forward_selection_decision(uow, data.application_id, data.council_id)
    await plan_emails(uow, event)


async def handle_selection_step(
    event: CloudEvent[
        events.AssessmentInvited
        | events.InterviewInvited
        | events.InterviewSlotUnavailable
        | events.WaitlistPromoted
    ],
    uow: UnitOfWork,
) -> None:
    """Invitations, a booking refused, a promotion: an email each."""
    await plan_emails(uow, event)


async def handle_selection_decided(
    event: CloudEvent[events.SelectionDecided], uow: UnitOfWork
) -> None:
    """The result: the applicant's email; kept for (and sent to) the councils that offer them
    a placement."""
    await remember_selection_decision(uow, event)
    await plan_webhooks(uow, event)
    await plan_emails(uow, event)


async def handle_interview_booked(
    event: CloudEvent[events.InterviewBooked], uow: UnitOfWork
) -> None:
    """A booking (or a move): the confirmation, and the day-before reminder of this time only."""
    await cancel_interview_reminders(uow, event.data.application_id, event.type)
    await plan_emails(uow, event)


async def handle_interview_cancelled(
    event: CloudEvent[events.InterviewCancelled], uow: UnitOfWork
) -> None:
    await cancel_interview_reminders(uow, event.data.application_id, event.type)


async def handle_offer_settled(
    event: CloudEvent[
        events.PlacementAccepted | events.PlacementDeclined | events.PlacementOfferExpired
    ],
    uow: UnitOfWork,
) -> None:
    """Accepted, declined or expired: tell the council; the reminder is no longer needed."""
    await plan_webhooks(uow, event)
    await cancel_reminders(uow, event.data.application_id, event.data.offer_id, event.type)


async def handle_returner_hired(event: CloudEvent[events.ReturnerHired], uow: UnitOfWork) -> None:
    await plan_webhooks(uow, event)
    await cancel_reminders(uow, event.data.application_id, None, event.type)
    await plan_emails(uow, event)


async def handle_application_withdrawn(
    event: CloudEvent[events.ApplicationWithdrawn], uow: UnitOfWork
) -> None:
    await plan_webhooks(uow, event)
    await cancel_reminders(uow, event.data.application_id, None, event.type)
    await cancel_interview_reminders(uow, event.data.application_id, event.type)


async def handle_applicant_erased(
    event: CloudEvent[events.ApplicantErased], uow: UnitOfWork
) -> None:
    await plan_webhooks(uow, event)
    await forget_applicant(uow, event.data.application_id)


async def handle_sign_in_link_requested(
    event: CloudEvent[events.SignInLinkRequested], uow: UnitOfWork
) -> None:
    """One email; to whom (if anyone) and the link are asked for when it is sent."""
    await plan_emails(uow, event)


async def handle_reference_step(
    event: CloudEvent[events.ReferenceRequested | events.ReferenceReceived], uow: UnitOfWork
) -> None:
    """A reference asked for: the referee's email (to whom, and the link, asked for when it is
    sent). A reference received: the applicant is told (not what it says)."""
    await plan_emails(uow, event)


async def handle_council_registered(
    event: CloudEvent[events.CouncilRegistered], uow: UnitOfWork
) -> None:
    await directory.upsert_council(uow, event.data.council_id, event.data.name)
    await plan_webhooks(uow, event)


async def handle_vacancy_changed(
    event: CloudEvent[events.AnyVacancyPublished | events.VacancyClosed], uow: UnitOfWork
) -> None:
    await plan_webhooks(uow, event)


async def handle_programme_published(
    event: CloudEvent[events.AnyProgrammePublished], uow: UnitOfWork
) -> None:
    await directory.upsert_programme(uow, event.data.programme_id, event.data.title)


async def handle_training_step(event: CloudEvent[Any], uow: UnitOfWork) -> None:
    """A placement's step: to the council of the placement (its subscriptions), and to the
    applicant for the steps they are told of (``domain.applicant_messages.TRAINING_STEPS``)."""
    await plan_webhooks(uow, event)
    await plan_emails(uow, event)


EVENT_HANDLERS: HandlerRegistry = {
    events.ApplicationSubmitted: handle_application_submitted,
    events.ApplicationSubmittedV2: handle_application_submitted,
    events.EligibilityDecided: handle_eligibility_decided,
    events.PlacementOffered: handle_placement_offered,
    events.PlacementOfferedV2: handle_placement_offered,
    events.PlacementAccepted: handle_offer_settled,
    events.PlacementDeclined: handle_offer_settled,
    events.PlacementOfferExpired: handle_offer_settled,
    events.ReturnerHired: handle_returner_hired,
    events.ApplicationWithdrawn: handle_application_withdrawn,
    events.ApplicantErased: handle_applicant_erased,
    events.SignInLinkRequested: handle_sign_in_link_requested,
    events.ReferenceRequested: handle_reference_step,
    events.ReferenceReceived: handle_reference_step,
    events.CouncilRegistered: handle_council_registered,
    events.VacancyPublished: handle_vacancy_changed,
    events.VacancyPublishedV2: handle_vacancy_changed,
    events.VacancyClosed: handle_vacancy_changed,
    events.ProgrammePublished: handle_programme_published,
    events.ProgrammePublishedV2: handle_programme_published,
    events.ProgrammePublishedV3: handle_programme_published,
    events.AssessmentInvited: handle_selection_step,
    events.InterviewInvited: handle_selection_step,
    events.InterviewBooked: handle_interview_booked,
    events.InterviewCancelled: handle_interview_cancelled,
    events.InterviewSlotUnavailable: handle_selection_step,
    events.SelectionDecided: handle_selection_decided,
    events.WaitlistPromoted: handle_selection_step,
    events.PlacementOpened: handle_training_step,
    events.PlacementConditionRecorded: handle_training_step,
    events.PlacementConditionsMet: handle_training_step,
    events.PlacementOfferWithdrawn: handle_training_step,
    events.PlacementStarted: handle_training_step,
    events.HoursLogged: handle_training_step,
    events.PlacementCompleted: handle_training_step,
    events.PlacementWithdrawn: handle_training_step,
    events.ReturnerReregistered: handle_training_step,
}
# What this service consumes: the events its handler registry handles.
CONSUMES: frozenset[type[EventData]] = frozenset(EVENT_HANDLERS)

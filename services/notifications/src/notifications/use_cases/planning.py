"""What an event sets in motion: webhooks to the councils it concerns, emails to the applicant,
and reminders it makes pointless. Runs in the consuming handler's transaction, so every
delivery is persisted with the event's processing, before anything is sent."""

import uuid
from dataclasses import asdict
from typing import Any
from uuid import UUID

from notifications.domain.applicant_messages import (
    INTERVIEW_REMINDER_TEMPLATE,
    REMINDER_TEMPLATE,
    emails_for,
)
from notifications.domain.routing import (
    SELECTION_DECIDED,
    ToCouncil,
    ToCouncilsThatOffered,
    route,
    short_name,
)
from notifications.store import deliveries, directory, selection_decisions, subscriptions
from notifications.store.selection_decisions import StoredEvent
from returners_platform.contracts.envelope import CloudEvent
from returners_platform.messaging.unit_of_work import UnitOfWork


async def plan_webhooks(uow: UnitOfWork, event: CloudEvent[Any]) -> int:
    """One delivery per active subscription, of a council the event concerns, to its type."""
    destination = route(event.data)
    if isinstance(destination, ToCouncil):
        councils = [destination.council_id]
    elif isinstance(destination, ToCouncilsThatOffered):
        councils = await directory.councils_that_offered(uow, destination.application_id)
    else:
        return 0
    return await _deliver(uow, councils, short_name(event.data), _stored(event))


async def remember_selection_decision(uow: UnitOfWork, event: CloudEvent[Any]) -> None:
    """Kept for the council that later offers the applicant a placement."""
    await selection_decisions.lock(uow, event.data.application_id)
    await selection_decisions.remember(uow, event.data.application_id, _stored(event))


async def forward_selection_decision(
    uow: UnitOfWork, application_id: UUID, council_id: UUID
) -> int:
    """A council offered the applicant a placement: it may now have their selection result
    (once per subscription, however many offers it makes)."""
    await selection_decisions.lock(uow, application_id)
    stored = await selection_decisions.of(uow, application_id)
    if stored is None:
        return 0
    return await _deliver(uow, [council_id], SELECTION_DECIDED, stored)


def _stored(event: CloudEvent[Any]) -> StoredEvent:
    return StoredEvent(event.id, event.type, event.correlationid, event.model_dump_json())


async def _deliver(
    uow: UnitOfWork, councils: list[UUID], event_name: str, event: StoredEvent
) -> int:
    targets = await subscriptions.active_for(uow, councils, event_name)
    now = uow.now()
    for target in targets:
        await deliveries.insert_webhook(
            uow, delivery_id=uuid.uuid4(), **asdict(target), **asdict(event), now=now
        )
    return len(targets)


async def plan_emails(uow: UnitOfWork, event: CloudEvent[Any]) -> None:
    now = uow.now()
    for email in emails_for(event.data, now=now):
        await deliveries.insert_email(
            uow,
            delivery_id=uuid.uuid4(),
            application_id=email.application_id,
            event_id=event.id,
            event_type=event.type,
            correlation_id=event.correlationid,
            template=email.template,
            context={"programme_id": email.programme_id, **email.context},
            offer_id=email.offer_id,
            due_at=email.due_at,
            now=now,
        )


async def cancel_reminders(
    uow: UnitOfWork, application_id: UUID, offer_id: UUID | None, why: str
) -> None:
    """The offer (or, offer None, every offer of the application) needs no reminder now."""
    await deliveries.cancel_pending_emails(
        uow,
        application_id=application_id,
        offer_id=offer_id,
        template=REMINDER_TEMPLATE,
        reason=why,
        now=uow.now(),
    )


async def cancel_interview_reminders(uow: UnitOfWork, application_id: UUID, why: str) -> None:
    """The interview was moved, cancelled or the application withdrawn: no reminder of the
    time that was booked."""
    await deliveries.cancel_pending_emails(
        uow,
        application_id=application_id,
        offer_id=None,
        template=INTERVIEW_REMINDER_TEMPLATE,
        reason=why,
        now=uow.now(),
    )


async def forget_applicant(uow: UnitOfWork, application_id: UUID) -> None:
    """Erased: whatever email is still waiting is skipped (the lookup would find nothing), and
    the selection result is not forwarded any more."""
    await selection_decisions.forget(uow, application_id)
    await deliveries.skip_pending_emails(
        uow, application_id, "the applicant's personal data was erased", uow.now()
    )

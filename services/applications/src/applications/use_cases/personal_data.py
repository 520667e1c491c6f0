"""The applicant's personal data: erased on request (UK GDPR), looked up to write to them."""

from uuid import UUID

from applications import metrics
from applications.store import applications, contacts, equality, references, timeline
from applications.store.contacts import Contact
from applications.use_cases.access import NOT_FOUND, authorise
from returners_platform.contracts.events import ApplicantErased
from returners_platform.contracts.retention import ErasureReason
from returners_platform.errors import found
from returners_platform.messaging.unit_of_work import UnitOfWork


async def erase_personal_data(
    uow: UnitOfWork, application_id: UUID, access_token: str | None
) -> None:
    """Erase on request. ``access_token`` is the application's token, or None when operations
    staff ask (the route has checked their token)."""
    if access_token is not None:
        await authorise(uow, application_id, access_token, uow.now())
    if await erase(uow, application_id, ErasureReason.REQUEST):
        metrics.ERASURES.labels("operations" if access_token is None else "applicant").inc()


async def erase(uow: UnitOfWork, application_id: UUID, reason: ErasureReason) -> bool:
    """Delete the contact details, the equality monitoring answers and the referees (who they
    are, what they wrote); the statistics stay. Publishes ``applicant.erased`` once (the other
    services erase what they hold on it); True if this call erased anything.

    The one path of every erasure: an applicant's or operations' request, and the programme's
    retention period passing (``use_cases.retention``)."""
    application = found(await applications.locked(uow, application_id), NOT_FOUND)
    now = uow.now()
    deleted = await contacts.erase(uow, application_id)
    deleted = await equality.erase(uow, application_id) or deleted
    deleted = await references.erase(uow, application_id) or deleted
    if not (await applications.mark_erased(uow, application_id, now, reason) or deleted):
        return False
    await timeline.add(uow, application_id, "personal_data_erased", now, {"reason": reason.value})
    await uow.publish(
        ApplicantErased(
            application_id=application_id,
            programme_id=application.programme_id,
            erased_at=now,
            reason=reason,
        )
    )
    return True


async def contact(uow: UnitOfWork, application_id: UUID) -> Contact:
    """Where to write to the applicant (for notifications, at send time); NotFound once erased."""
    return found(await contacts.of_application(uow, application_id), "no contact details")

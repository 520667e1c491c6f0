"""The applicant's answers: accept or decline an offer, or withdraw the application."""

from uuid import UUID

from applications import metrics
from applications.domain import rules
from applications.domain.status import ApplicationStatus, OfferStatus
from applications.store import applications, offers, timeline
from applications.use_cases.access import authorise
from applications.use_cases.status import StatusView, status_view
from returners_platform.contracts.events import (
    ApplicationWithdrawn,
    PlacementAccepted,
    PlacementDeclined,
)
from returners_platform.errors import found
from returners_platform.messaging.unit_of_work import UnitOfWork


async def withdraw(uow: UnitOfWork, application_id: UUID, access_token: str) -> StatusView:
    """Withdraw (publishing ``application.withdrawn`` once); the status view after."""
    application = await authorise(uow, application_id, access_token, uow.now())
    rules.check_can_withdraw(application.status)
    if application.status != ApplicationStatus.WITHDRAWN:
        now = uow.now()
        await applications.mark_withdrawn(uow, application_id, now)
        await offers.withdraw_open(uow, application_id)
        await timeline.add(uow, application_id, "withdrawn", now)
        await applications.refresh_status(uow, application_id)
        await uow.publish(
            ApplicationWithdrawn(
                application_id=application_id,
                programme_id=application.programme_id,
                withdrawn_at=now,
            )
        )
        metrics.ANSWERS.labels("withdrawn").inc()
    return await _view(uow, application_id, access_token)


async def answer_offer(
    uow: UnitOfWork, application_id: UUID, access_token: str, offer_id: UUID, *, accept: bool
) -> StatusView:
    """Accept or decline an open offer (``placement.accepted`` or ``.declined``); the view."""
    now = uow.now()
    application = await authorise(uow, application_id, access_token, uow.now())
    offer = found(
        await offers.locked(uow, application_id, offer_id), "no such offer of this application"
    )
    rules.check_can_answer_offer(application.status, offer.status, offer.expires_at, now)
    answer = OfferStatus.ACCEPTED if accept else OfferStatus.DECLINED
    await offers.set_status(uow, offer_id, answer, now)
    await timeline.add(uow, application_id, answer.value, now, {"offer_id": str(offer_id)})
    await applications.refresh_status(uow, application_id)
    fields = {
        "application_id": application_id,
        "programme_id": application.programme_id,
        "offer_id": offer_id,
        "council_id": offer.council_id,
        "vacancy_id": offer.vacancy_id,
    }
    if accept:
        await uow.publish(PlacementAccepted(**fields, accepted_at=now))
    else:
        await uow.publish(PlacementDeclined(**fields, declined_at=now))
    metrics.ANSWERS.labels(answer.value).inc()
    return await _view(uow, application_id, access_token)


async def _view(uow: UnitOfWork, application_id: UUID, access_token: str) -> StatusView:
    return await status_view(uow, await authorise(uow, application_id, access_token, uow.now()))

"""What a council sees of offers against its vacancies, and its hire reports."""

from uuid import UUID

from matching import metrics
from matching.domain.offers import OfferStatus, can_hire
from matching.store import applicants, offers, programmes
from matching.store.offers import CouncilOffer
from returners_platform.contracts.events import ReturnerHired
from returners_platform.errors import Refused
from returners_platform.messaging.unit_of_work import UnitOfWork


def _not_hireable() -> Refused:
    return Refused("no_accepted_offer", "that application has no accepted offer from this council")


async def council_offers(
    uow: UnitOfWork, council_id: UUID, status: OfferStatus | None
) -> list[CouncilOffer]:
    return await offers.of_council(uow, council_id, status)


async def report_hire(
    uow: UnitOfWork, council_id: UUID, application_id: UUID
) -> tuple[ReturnerHired, bool]:
    """Record the hire and publish ``returner.hired``; (the hire, as that event says it,
    created).

    Only an applicant who accepted an offer of this council can be hired by it; anything
    else is the same 409, whatever the application's state elsewhere. Reporting the same
    hire again answers the recorded hire and publishes nothing.
    """
    applicant = await applicants.get(uow, application_id)
    if applicant is None:
        raise _not_hireable()
    await programmes.lock_for_matching(uow, applicant.programme_id)
    offer = await offers.live_with_council(uow, council_id, application_id)
    if offer is None:
        raise _not_hireable()
    if offer.status == OfferStatus.HIRED:
        assert offer.hired_at is not None
        return ReturnerHired.of(offer), False
    if not can_hire(offer.status):
        raise _not_hireable()
    now = uow.now()
    await offers.mark_hired(uow, offer.offer_id, now)
    hire = ReturnerHired.of(offer, hired_at=now)
    await uow.publish(hire)
    metrics.OFFERS_ENDED.labels(OfferStatus.HIRED.value).inc()
    return hire, True

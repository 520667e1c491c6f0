"""The matching step and offer expiry, run inside the caller's transaction.

``rematch`` is called whenever the picture of a programme changes: an eligible applicant
arrives, a vacancy is posted or gets more slots, an offer is declined, expires or is
withdrawn (by the applicant, or because a condition of the accepted offer was not met). It
takes the programme's matching lock first, so runs of one programme are serialised across
transactions, processes and replicas, and each run sees every offer the previous one made.
Only the residual problem is matched (free slots, applicants with no live offer, places
left): an offer once made is never taken back.
"""

import time
import uuid
from datetime import datetime

import structlog

from matching import metrics
from matching.domain import matching
from matching.domain.offers import OfferStatus, expires_at, is_due_to_expire
from matching.store import applicants, offers, picture, programmes
from matching.store.offers import Offer
from returners_platform.contracts.events import (
    PlacementOffered,
    PlacementOfferedV2,
    PlacementOfferExpired,
    ProgrammePublishedV3,
    PublishedProgramme,
)
from returners_platform.messaging.unit_of_work import UnitOfWork

log = structlog.get_logger(__name__)


async def rematch(
    uow: UnitOfWork, programme: PublishedProgramme, *, now: datetime, trigger: str
) -> list[uuid.UUID]:
    """Offer free slots to unplaced eligible applicants; returns the new offers' ids."""
    await programmes.lock_for_matching(uow, programme.programme_id)  # unless held already
    residual = await picture.residual(
        uow,
        programme.programme_id,
        places=programme.places,
        selection=programme.selection is not None,
    )
    if residual.places_left <= 0 or not residual.applicants or not residual.vacancies:
        return []
    started = time.perf_counter()
    assignments = matching.match(residual.applicants, residual.vacancies, residual.places_left)
    metrics.MATCHING_RUN_SECONDS.observe(time.perf_counter() - started)
    metrics.MATCHING_RUNS.labels(trigger).inc()
    vacancies = {v.vacancy_id: v for v in residual.vacancies}
    made = []
    for assignment in assignments:
        vacancy = vacancies[assignment.vacancy_id]
        offer = offers.Offer(
            offer_id=uuid.uuid4(),
            application_id=assignment.application_id,
            programme_id=programme.programme_id,
            vacancy_id=vacancy.vacancy_id,
            council_id=residual.council_of[vacancy.vacancy_id],
            updating_days=residual.updating_days[assignment.application_id],
            starts_on=vacancy.starts_on,
            offered_at=now,
            expires_at=expires_at(now, programme.offer_window_days),
        )
        await offers.insert(uow, offer, uow.outbox_row(_offered(offer, vacancy, programme)))
        made.append(offer.offer_id)
    metrics.OFFERS_MADE.inc(len(made))
    log.info(
        "matching_run",
        programme_id=programme.programme_id,
        trigger=trigger,
        applicants=len(residual.applicants),
        vacancies=len(residual.vacancies),
        offers=len(made),
    )
    return made


async def expire(uow: UnitOfWork, programme: PublishedProgramme, offer: Offer) -> None:
    """Expire an outstanding offer (its row locked by the caller) at its ``expires_at``."""
    await offers.set_status(uow, offer.offer_id, OfferStatus.EXPIRED, offer.expires_at)
    await give_place_back(uow, programme, offer.application_id, offer.expires_at)
    await uow.publish(PlacementOfferExpired.of(offer, expired_at=offer.expires_at))
    metrics.OFFERS_ENDED.labels(OfferStatus.EXPIRED.value).inc()


async def withdraw_for_conditions(
    uow: UnitOfWork, programme: PublishedProgramme, offer: Offer, reason: str, at: datetime
) -> None:
    """A condition of the accepted offer (row locked by the caller) was not met: the offer is
    withdrawn, the applicant is out of the programme's matching (``ENDS_THEIR_MATCHING``), a
    selected place is given back, and the freed slot goes to the next applicant."""
    await offers.withdraw(uow, offer.offer_id, reason, at)
    await give_place_back(uow, programme, offer.application_id, at)
    metrics.OFFERS_ENDED.labels(OfferStatus.WITHDRAWN.value).inc()
    await rematch(uow, programme, now=uow.now(), trigger=reason)


async def give_place_back(
    uow: UnitOfWork, programme: PublishedProgramme, application_id: uuid.UUID, at: datetime
) -> None:
    """In a programme with selection a selected applicant has one offer: declining it,
    letting it expire or failing its conditions gives the place back (selection promotes
    from its waitlist; see ``domain.offers.ends_a_selected_place``)."""
    if programme.selection is not None:
        await applicants.release(uow, application_id, at)


async def expire_due(uow: UnitOfWork, programme: PublishedProgramme, now: datetime) -> int:
    """Expire every outstanding offer of the programme past its deadline, then rematch."""
    await programmes.lock_for_matching(uow, programme.programme_id)
    due = [
        offer
        for offer in await offers.due(uow, programme.programme_id, now)
        if is_due_to_expire(offer.status, offer.expires_at, now)
    ]
    for offer in due:
        await expire(uow, programme, offer)
    if due:
        await rematch(uow, programme, now=now, trigger="expiry")
    return len(due)


def _offered(
    offer: offers.Offer, vacancy: matching.Vacancy, programme: PublishedProgramme
) -> PlacementOffered | PlacementOfferedV2:
    """``placement.offered`` in the version of its programme's: v2 (``job_family``) in one
    published as v3, v1 (social work's ``specialism``) in one published as v2."""
    if isinstance(programme, ProgrammePublishedV3):
        return PlacementOfferedV2.of(offer, region=vacancy.region, job_family=vacancy.specialism)
    return PlacementOffered.of(offer, region=vacancy.region, specialism=vacancy.specialism)

"""The waitlist: when a selected candidate gives their place back — they withdraw, decline
their offer, let it expire, or are refused at a later stage — the best-ranked waitlisted
candidate still in the running takes it (``waitlist.promoted``)."""

from datetime import datetime
from uuid import UUID

from returners_platform.contracts.events import WaitlistPromoted
from returners_platform.messaging.unit_of_work import UnitOfWork
from selection import metrics
from selection.store import candidates, programmes


async def withdrawn(uow: UnitOfWork, application_id: UUID, at: datetime) -> None:
    """The applicant withdrew: out of the running, and their place (if they held one) freed."""
    candidate = await candidates.locked(uow, application_id)
    if candidate is None:
        return
    held = candidate.holds_a_place
    await candidates.mark_withdrawn(uow, application_id, at)
    if held:
        await _free(uow, application_id, candidate.programme_id, at)


async def place_given_back(uow: UnitOfWork, application_id: UUID, at: datetime) -> None:
    """A selected candidate declined their offer, let it expire, or was refused later."""
    candidate = await candidates.locked(uow, application_id)
    if candidate is not None and candidate.holds_a_place:
        await _free(uow, application_id, candidate.programme_id, at)


async def _free(uow: UnitOfWork, application_id: UUID, programme_id: str, at: datetime) -> None:
    await programmes.lock(uow, programme_id)
    if not await candidates.mark_released(uow, application_id, at):
        return  # freed before: the place went to the waitlist then
    promoted = await candidates.first_on_waitlist(uow, programme_id)
    if promoted is None or promoted.rank is None:
        return
    now = uow.now()
    await candidates.mark_promoted(uow, promoted.application_id, now)
    await uow.publish(
        WaitlistPromoted(
            application_id=promoted.application_id,
            programme_id=programme_id,
            rank=promoted.rank,
            replaces=application_id,
            promoted_at=now,
        )
    )
    metrics.PROMOTIONS.inc()

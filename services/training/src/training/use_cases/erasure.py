"""Erasing training's personal data about an applicant (the mentor's name, free-text notes):
on ``applicant.erased``, and when the retention period passes. The statistics stay: hours,
dates, conditions and outcomes."""

from uuid import UUID

from returners_platform.messaging.unit_of_work import UnitOfWork
from training import metrics
from training.store import placements


async def erase(uow: UnitOfWork, application_id: UUID, *, reason: str) -> int:
    erased = await placements.erase_personal_data(uow, application_id, uow.now())
    if erased:
        metrics.PERSONAL_DATA_ERASED.labels(reason).inc(erased)
    return erased


async def erase_held(uow: UnitOfWork, placement_id: UUID) -> bool:
    """Erase the placement's application's personal data unless it is erased already or a
    replica holds it; True if this call erased it."""
    application_id = await placements.lock_holding_personal_data(uow, placement_id)
    if application_id is None:
        return False
    return await erase(uow, application_id, reason="retention") > 0

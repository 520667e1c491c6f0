"""Retention: the panel's feedback on a candidate whose date has passed (``domain.retention``)
is erased through the path ``applicant.erased`` takes (``feedback.erase``)."""

from uuid import UUID

from returners_platform.messaging.unit_of_work import UnitOfWork
from selection import metrics
from selection.store import candidates
from selection.use_cases import feedback


async def erase_held_feedback(uow: UnitOfWork, application_id: UUID) -> bool:
    """Erase the candidate's feedback unless it is erased already or a replica holds it;
    True if this call erased it."""
    if not await candidates.lock_unerased(uow, application_id):
        return False
    await feedback.erase(uow, application_id)
    metrics.FEEDBACK_ERASED.inc()
    return True

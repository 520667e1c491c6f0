"""The panel's feedback: personal data, kept here only, shown to the applicant (through the
applications service, with its internal token) once the results are out, and erased."""

from uuid import UUID

from returners_platform.errors import found
from returners_platform.messaging.unit_of_work import Db, UnitOfWork
from selection.store import candidates, panel


async def feedback_for(db: Db, application_id: UUID) -> list[str]:
    candidate = found(await candidates.get(db, application_id), "no such candidate")
    if candidate.outcome is None:
        return []
    return await panel.feedback_of(db, application_id)


async def erase(uow: UnitOfWork, application_id: UUID) -> None:
    """The applicant's personal data was erased: the panel's words about them go too."""
    await panel.erase_feedback(uow, application_id)
    await candidates.mark_erased(uow, application_id, uow.now())

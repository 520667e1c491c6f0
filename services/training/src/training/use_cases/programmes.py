"""Programmes: their retention periods, from ``programme.published``."""

from returners_platform.contracts.events import ProgrammePublishedV3
from returners_platform.messaging.unit_of_work import UnitOfWork
from training.store import programmes


async def record(uow: UnitOfWork, programme: ProgrammePublishedV3) -> None:
    await programmes.record(
        uow, programme.programme_id, programme.retention, programme.published_at
    )

"""Retention: erase what has passed its programme's period, and show operations what is due
and what was erased."""

from dataclasses import dataclass

from applications import metrics
from applications.store import programmes, retention
from applications.store.retention import DueCount, Erasure
from applications.use_cases.personal_data import erase
from returners_platform.contracts.retention import ErasureReason, RetentionPeriods
from returners_platform.errors import found
from returners_platform.messaging.unit_of_work import Db, UnitOfWork


async def erase_due(uow: UnitOfWork, limit: int) -> int:
    """Erase up to ``limit`` applicants whose data is due, through the path an erasure request
    takes (``applicant.erased`` with reason ``retention``); how many were due."""
    due = await retention.lock_due(uow, uow.now(), limit)
    for application_id in due:
        if await erase(uow, application_id, ErasureReason.RETENTION):
            metrics.ERASURES.labels("retention").inc()
    return len(due)


@dataclass(frozen=True)
class RetentionOverview:
    programme_id: str
    periods: RetentionPeriods
    due: list[DueCount]
    erased: list[Erasure]


async def overview(db: Db, programme_id: str, erased_limit: int) -> RetentionOverview:
    programme = found(await programmes.published(db, programme_id), "no such programme")
    return RetentionOverview(
        programme_id=programme_id,
        periods=RetentionPeriods.model_validate(programme.definition.get("retention") or {}),
        due=await retention.due_counts(db, programme_id),
        erased=await retention.erasures(db, programme_id, erased_limit),
    )

"""The returner's updating record: the placement's effective hours, totals and sign-off,
rendered as a PDF, for the council or (through the applications service) the returner."""

from uuid import UUID

from returners_platform.errors import NotFound
from returners_platform.messaging.unit_of_work import UnitOfWork
from training import metrics
from training.documents.updating_record import Line, UpdatingRecord, render
from training.domain import hours as rules
from training.domain.placements import RECORDED
from training.store import hours, placements
from training.store.placements import Placement
from training.use_cases.placements import NO_PLACEMENT

NO_RECORD = "no updating record yet: the placement has not started"


async def for_council(uow: UnitOfWork, council_id: UUID, application_id: UUID) -> bytes:
    placement = await placements.latest(uow, application_id)
    if placement is None or placement.council_id != council_id:
        raise NotFound(NO_PLACEMENT)
    metrics.UPDATING_RECORDS.labels("council").inc()
    return await _pdf(uow, placement)


async def for_applicant(uow: UnitOfWork, application_id: UUID) -> bytes:
    placement = await placements.latest(uow, application_id)
    if placement is None:
        raise NotFound(NO_PLACEMENT)
    metrics.UPDATING_RECORDS.labels("applicant").inc()
    return await _pdf(uow, placement)


async def _pdf(uow: UnitOfWork, placement: Placement) -> bytes:
    if placement.status not in RECORDED:
        raise NotFound(NO_RECORD)
    return render(await record_of(uow, placement))


async def record_of(uow: UnitOfWork, placement: Placement) -> UpdatingRecord:
    entries = [e.as_entry() for e in await hours.of_placement(uow, placement.placement_id)]
    effective = rules.effective(entries)
    return UpdatingRecord(
        placement_id=placement.placement_id,
        application_id=placement.application_id,
        programme_id=placement.programme_id,
        council_id=placement.council_id,
        region=placement.region,
        updating_days=placement.updating_days,
        required_hours=placement.required_hours,
        started_on=placement.started_on,
        ended_on=placement.ended_on,
        completed_on=placement.completed_on,
        lines=[Line(e.worked_on, e.kind, e.hours) for e in effective],
        by_kind=rules.by_kind(entries),
        total_hours=rules.total(entries),
        signed_off_by=placement.signed_off_by,
        signed_off_at=placement.ended_at,
        generated_at=uow.now(),
    )

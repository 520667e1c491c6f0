"""The returner's restoration to the register: the application and the regulator's decision
(restored, refused or pending), reported by the returner (``reregistration.reported``, from
the applications service) or by operations; ``returner.reregistered`` once, when restored."""

from datetime import date
from uuid import UUID

from returners_platform.contracts import events
from returners_platform.contracts.vocabulary import ReregistrationDecision as Decision
from returners_platform.contracts.vocabulary import ReregistrationReportedBy
from returners_platform.errors import NotFound, Refused
from returners_platform.messaging.unit_of_work import UnitOfWork
from training import metrics
from training.domain.placements import PlacementStatus
from training.store import placements
from training.store.placements import Placement
from training.use_cases.placements import NO_PLACEMENT


async def record(
    uow: UnitOfWork,
    application_id: UUID,
    *,
    applied_on: date,
    decision: Decision,
    decided_on: date | None,
    reported_by: ReregistrationReportedBy,
) -> Placement:
    placement = await placements.latest_locked(uow, application_id)
    if placement is None:
        raise NotFound(NO_PLACEMENT)
    if placement.status != PlacementStatus.COMPLETED:
        raise Refused(
            "not_completed",
            f"restoration follows a completed placement (it is {placement.status})",
        )
    assert placement.completed_on is not None
    if placement.reregistered_at is not None and decision != Decision.RESTORED:
        raise Refused("already_restored", "the returner was restored to the register already")
    if decision == Decision.RESTORED and decided_on is None:
        raise Refused(
            "decided_on_missing", "a restoration has the date it was decided", "decided_on"
        )
    if decision == Decision.PENDING and decided_on is not None:
        raise Refused(
            "decided_on_while_pending", "a pending application is not decided", "decided_on"
        )
    if decided_on is not None and decided_on < applied_on:
        raise Refused("decided_before_applied", "decided on or after the application", "decided_on")
    await placements.record_reregistration(
        uow,
        placement.placement_id,
        applied_on=applied_on,
        decision=decision.value,
        decided_on=decided_on,
        reported_by=reported_by,
    )
    metrics.REREGISTRATIONS.labels(decision.value, reported_by.value).inc()
    if decision == Decision.RESTORED and await placements.mark_reregistered(
        uow, placement.placement_id, uow.now()
    ):
        assert decided_on is not None
        await uow.publish(
            events.ReturnerReregistered.of(
                placement,
                applied_on=applied_on,
                decided_on=decided_on,
                reported_by=reported_by,
                recorded_at=uow.now(),
            )
        )
    return await placements.latest_locked(uow, application_id) or placement

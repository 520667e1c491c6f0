"""Recording a placement's conditions, by the council or (``references``) from the referees'
answers: all met → ``placement.conditions_met``; one not met → ``placement.offer_withdrawn``
and the placement closes."""

from uuid import UUID

from returners_platform.contracts import events
from returners_platform.contracts.vocabulary import (
    ConditionNotMetReason,
    ConditionStatus,
    OfferWithdrawalReason,
    PlacementCondition,
    ReferenceOutcome,
)
from returners_platform.errors import Refused
from returners_platform.messaging.unit_of_work import UnitOfWork
from training import metrics
from training.domain import conditions as rules
from training.domain.placements import PlacementStatus
from training.store import placements, references
from training.store.placements import Placement
from training.use_cases.placements import of_council


async def record_by_council(
    uow: UnitOfWork,
    council_id: UUID,
    application_id: UUID,
    condition: PlacementCondition,
    status: ConditionStatus,
    reason: ConditionNotMetReason | None,
) -> Placement:
    placement = await of_council(uow, council_id, application_id)
    if placement.status != PlacementStatus.AWAITING_CONDITIONS:
        raise Refused(
            "conditions_decided",
            f"the placement's conditions are decided (it is {placement.status})",
        )
    await record(uow, placement, condition, rules.Condition(status, reason), reference_id=None)
    return await placements.latest_locked(uow, application_id) or placement


async def reference_received(uow: UnitOfWork, received: events.ReferenceReceived) -> bool:
    """Keep the referee's answer, then record the ``references`` condition it decides on the
    application's placement awaiting its conditions; False if nothing was recorded (one answer
    still awaited, no such placement yet: it counts when the placement opens; or decided)."""
    placement = await placements.latest_locked(uow, received.application_id)
    await references.record(
        uow,
        received.application_id,
        reference=received.reference,
        reference_id=received.reference_id,
        referee_kind=received.referee_kind,
        outcome=received.outcome,
        received_at=received.received_at,
    )
    if placement is None:
        return False
    return await references_so_far(uow, placement)


async def references_so_far(uow: UnitOfWork, placement: Placement) -> bool:
    """Record ``references`` from the answers received so far, if they decide it (one
    unsatisfactory: not met; both satisfactory: met) and it is not recorded so already, on a
    placement awaiting its conditions; True if recorded."""
    if placement.status != PlacementStatus.AWAITING_CONDITIONS:
        return False
    answers = await references.of_application(uow, placement.application_id)
    value = rules.from_references({a.reference: a.outcome for a in answers})
    if value is None:
        return False
    current = {c.condition: c for c in await placements.conditions(uow, placement.placement_id)}
    now = current.get(PlacementCondition.REFERENCES)
    if now is not None and now.as_condition() == value:
        return False
    if value.status == ConditionStatus.NOT_MET:
        decided_by = next(a for a in answers if a.outcome == ReferenceOutcome.UNSATISFACTORY)
    else:
        decided_by = answers[-1]
    await record(
        uow,
        placement,
        PlacementCondition.REFERENCES,
        value,
        reference_id=decided_by.reference_id,
    )
    return True


async def record(
    uow: UnitOfWork,
    placement: Placement,
    condition: PlacementCondition,
    value: rules.Condition,
    *,
    reference_id: UUID | None,
) -> None:
    now = uow.now()
    reason = value.reason if value.status == ConditionStatus.NOT_MET else None
    await placements.record_condition(
        uow, placement.placement_id, condition, value.status, reason, reference_id, now
    )
    await uow.publish(
        events.PlacementConditionRecorded.of(
            placement,
            condition=condition,
            status=value.status,
            reason=reason,
            reference_id=reference_id,
            recorded_at=now,
        )
    )
    metrics.CONDITIONS.labels(condition.value, value.status.value).inc()
    current = {
        c.condition: c.as_condition()
        for c in await placements.conditions(uow, placement.placement_id)
    }
    match rules.outcome(current):
        case rules.AllMet():
            await placements.conditions_met(uow, placement.placement_id, now)
            await uow.publish(events.PlacementConditionsMet.of(placement, met_at=now))
            metrics.PLACEMENTS.labels("conditions_met").inc()
        case rules.NotMet(condition=failed, reason=why):
            await placements.close(
                uow, placement.placement_id, PlacementStatus.OFFER_WITHDRAWN, None, now
            )
            await uow.publish(
                events.PlacementOfferWithdrawn.of(
                    placement,
                    reason=OfferWithdrawalReason.CONDITIONS_NOT_MET,
                    condition=failed,
                    condition_reason=why,
                    withdrawn_at=now,
                )
            )
            metrics.PLACEMENTS.labels("offer_withdrawn").inc()
        case rules.Waiting():
            pass

"""A placement's life: opened by an accepted offer, withdrawn (by the council, or because the
applicant withdrew), started once its conditions are met, ended with the council's sign-off,
completed when ended with the requirement met."""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from returners_platform.contracts import events
from returners_platform.contracts.vocabulary import PlacementCondition, PlacementWithdrawalReason
from returners_platform.errors import NotFound, Refused
from returners_platform.messaging.unit_of_work import Db, UnitOfWork
from training import metrics
from training.domain import hours as rules
from training.domain.placements import OPEN, PlacementStatus
from training.store import hours, offers, placements
from training.store.hours import LoggedEntry
from training.store.placements import ConditionRow, Placement

NO_PLACEMENT = "no placement for this application here"


@dataclass(frozen=True)
class PlacementView:
    """A placement as the council (or the applications service) sees it."""

    placement: Placement
    conditions: list[ConditionRow]
    entries: list[LoggedEntry]

    @property
    def hours_by_kind(self) -> dict[str, float]:
        return {k.value: v for k, v in rules.by_kind(e.as_entry() for e in self.entries).items()}

    @property
    def hours_logged(self) -> float:
        return rules.total(e.as_entry() for e in self.entries)


async def record_offer(uow: UnitOfWork, offer: events.AnyPlacementOffered) -> Placement | None:
    """Keep the offer's terms; the placement, if it opened now."""
    await offers.record_terms(
        uow,
        offer_id=offer.offer_id,
        application_id=offer.application_id,
        programme_id=offer.programme_id,
        council_id=offer.council_id,
        vacancy_id=offer.vacancy_id,
        region=offer.region.value,
        updating_days=offer.updating_days,
        starts_on=offer.starts_on,
        offered_at=offer.offered_at,
    )
    return await open_when_accepted(uow, offer.offer_id)


async def record_acceptance(
    uow: UnitOfWork, accepted: events.PlacementAccepted
) -> Placement | None:
    """Keep the acceptance; the placement, if it opened now."""
    await offers.record_acceptance(
        uow,
        offer_id=accepted.offer_id,
        application_id=accepted.application_id,
        programme_id=accepted.programme_id,
        council_id=accepted.council_id,
        vacancy_id=accepted.vacancy_id,
        accepted_at=accepted.accepted_at,
    )
    return await open_when_accepted(uow, accepted.offer_id)


async def open_when_accepted(uow: UnitOfWork, offer_id: UUID) -> Placement | None:
    """Open the placement once the offer's terms and its acceptance are both here (they come
    on different topics, in either order); once. The placement, if it opened now."""
    offer = await offers.locked(uow, offer_id)
    if (
        offer is None
        or offer.accepted_at is None
        or offer.updating_days is None
        or offer.starts_on is None
        or offer.region is None
    ):
        return None
    required = rules.required_hours(offer.updating_days)
    now = uow.now()
    if not await placements.insert(
        uow,
        placement_id=offer.offer_id,
        application_id=offer.application_id,
        programme_id=offer.programme_id,
        council_id=offer.council_id,
        vacancy_id=offer.vacancy_id,
        region=offer.region,
        updating_days=offer.updating_days,
        required_hours=required,
        offered_starts_on=offer.starts_on,
        at=now,
    ):
        return None
    await uow.publish(
        events.PlacementOpened(
            placement_id=offer.offer_id,
            application_id=offer.application_id,
            programme_id=offer.programme_id,
            council_id=offer.council_id,
            vacancy_id=offer.vacancy_id,
            updating_days=offer.updating_days,
            required_hours=required,
            starts_on=offer.starts_on,
            conditions=list(PlacementCondition),
            opened_at=now,
        )
    )
    metrics.PLACEMENTS.labels("opened").inc()
    return await placements.locked(uow, offer.offer_id)


async def of_council(uow: UnitOfWork, council_id: UUID, application_id: UUID) -> Placement:
    """The council's placement for the application, locked; another council's is not found."""
    placement = await placements.latest_locked(uow, application_id)
    if placement is None or placement.council_id != council_id:
        raise NotFound(NO_PLACEMENT)
    return placement


async def view(db: Db, placement: Placement) -> PlacementView:
    return PlacementView(
        placement,
        await placements.conditions(db, placement.placement_id),
        await hours.of_placement(db, placement.placement_id),
    )


async def list_for_council(db: Db, council_id: UUID) -> list[PlacementView]:
    return [await view(db, p) for p in await placements.of_council(db, council_id)]


async def for_application(db: Db, application_id: UUID) -> PlacementView:
    placement = await placements.latest(db, application_id)
    if placement is None:
        raise NotFound(NO_PLACEMENT)
    return await view(db, placement)


async def start(
    uow: UnitOfWork, council_id: UUID, application_id: UUID, starts_on: date
) -> Placement:
    placement = await of_council(uow, council_id, application_id)
    if placement.status != PlacementStatus.READY:
        raise Refused(
            "conditions_not_met" if placement.status in OPEN else "placement_closed",
            f"a placement starts once its conditions are met (it is {placement.status})",
        )
    now = uow.now()
    await placements.start(uow, placement.placement_id, starts_on, now)
    await uow.publish(
        events.PlacementStarted.of(
            placement, starts_on=starts_on, required_hours=placement.required_hours, started_at=now
        )
    )
    metrics.PLACEMENTS.labels("started").inc()
    return await placements.latest_locked(uow, application_id) or placement


async def end(
    uow: UnitOfWork,
    council_id: UUID,
    application_id: UUID,
    ended_on: date | None,
    signed_off_by: str | None,
) -> Placement:
    """Record the placement's end (``None``: today) and the council's sign-off (``None``: the
    council, no one named); completed at once if the requirement is met, else when enough
    hours are logged."""
    ended_on = ended_on or uow.now().date()
    placement = await of_council(uow, council_id, application_id)
    if placement.status != PlacementStatus.STARTED:
        raise Refused("not_started", f"only a started placement ends (it is {placement.status})")
    assert placement.started_on is not None
    if ended_on < placement.started_on:
        raise Refused("before_start", "a placement ends after it starts", "ended_on")
    await placements.end(uow, placement.placement_id, ended_on, signed_off_by, uow.now())
    await complete_if_due(uow, placement.placement_id, application_id)
    return await placements.latest_locked(uow, application_id) or placement


async def complete_if_due(uow: UnitOfWork, placement_id: UUID, application_id: UUID) -> bool:
    """``placement.completed``, once, when the placement has ended and its effective hours
    meet the requirement."""
    placement = await placements.latest_locked(uow, application_id)
    if placement is None or placement.placement_id != placement_id:
        return False
    entries = [e.as_entry() for e in await hours.of_placement(uow, placement_id)]
    total = rules.total(entries)
    ended = placement.status == PlacementStatus.ENDED
    if not rules.is_complete(ended=ended, total_hours=total, required=placement.required_hours):
        return False
    assert placement.ended_on is not None
    assert placement.started_on is not None
    now = uow.now()
    if not await placements.complete(uow, placement_id, placement.ended_on, now):
        return False
    await uow.publish(
        events.PlacementCompleted.of(
            placement,
            hours_by_kind=rules.by_kind(entries),
            total_hours=total,
            required_hours=placement.required_hours,
            started_on=placement.started_on,
            completed_on=placement.ended_on,
            completed_at=now,
        )
    )
    metrics.PLACEMENTS.labels("completed").inc()
    return True


async def withdraw(
    uow: UnitOfWork, placement: Placement, reason: PlacementWithdrawalReason, at: datetime
) -> bool:
    """Close an open placement: ``placement.withdrawn`` with the reason; False if it was not
    open."""
    if placement.status not in OPEN:
        return False
    total = rules.total(e.as_entry() for e in await hours.of_placement(uow, placement.placement_id))
    await placements.close(uow, placement.placement_id, PlacementStatus.WITHDRAWN, reason, at)
    await uow.publish(
        events.PlacementWithdrawn.of(
            placement,
            reason=reason,
            started=placement.started_at is not None,
            total_hours=total,
            required_hours=placement.required_hours,
            withdrawn_at=at,
        )
    )
    metrics.PLACEMENTS.labels("withdrawn").inc()
    return True


async def withdraw_by_council(
    uow: UnitOfWork, council_id: UUID, application_id: UUID, reason: PlacementWithdrawalReason
) -> Placement:
    placement = await of_council(uow, council_id, application_id)
    if not await withdraw(uow, placement, reason, uow.now()):
        raise Refused("placement_closed", f"the placement is {placement.status}")
    return await placements.latest_locked(uow, application_id) or placement


async def application_withdrawn(uow: UnitOfWork, application_id: UUID, at: datetime) -> None:
    placement = await placements.latest_locked(uow, application_id)
    if placement is not None:
        await withdraw(uow, placement, PlacementWithdrawalReason.APPLICATION_WITHDRAWN, at)


async def assign_mentor(
    uow: UnitOfWork, council_id: UUID, application_id: UUID, name: str
) -> Placement:
    placement = await of_council(uow, council_id, application_id)
    if placement.status not in OPEN:
        raise Refused("placement_closed", f"the placement is {placement.status}")
    if placement.erased_at is not None:
        raise Refused("erased", "the applicant's personal data was erased")
    await placements.assign_mentor(uow, placement.placement_id, name, uow.now())
    return await placements.latest_locked(uow, application_id) or placement

"""Training, as the applicant sees it: the training service's facts about the placement
their accepted offer opened, recorded on the application (each a step of the timeline, the
status derived again), and the returner's report of their restoration to the register
(``reregistration.reported``, which the training service confirms)."""

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from applications.domain.status import ApplicationStatus, OfferStatus
from applications.domain.training import (
    Change,
    Reregistration,
    check_reregistration,
    reregistration_change,
)
from applications.store import applications, offers, placements, timeline
from applications.use_cases.access import authorise
from applications.use_cases.status import StatusView, status_view
from returners_platform.contracts.events import ReregistrationReported
from returners_platform.errors import Refused
from returners_platform.messaging.failure_policy import PermanentHandlerError
from returners_platform.messaging.unit_of_work import UnitOfWork


class AboutAPlacement(Protocol):
    @property
    def placement_id(self) -> UUID: ...
    @property
    def application_id(self) -> UUID: ...
    @property
    def council_id(self) -> UUID: ...


async def record(
    uow: UnitOfWork,
    data: AboutAPlacement,
    recorded: Callable[[], Awaitable[bool]],
    step: str | None,
    at: datetime,
    details: dict[str, Any] | None = None,
) -> bool:
    """Record a fact about the placement (``recorded``: True the first time), add ``step`` to
    the timeline (none for a step without one) and derive the status again."""
    if await applications.locked(uow, data.application_id) is None:
        raise PermanentHandlerError(f"placement of unknown application {data.application_id}")
    await placements.ensure(uow, data.placement_id, data.application_id, data.council_id)
    if not await recorded():
        return False
    if step is not None:
        about = {"placement_id": str(data.placement_id), **(details or {})}
        await timeline.add(uow, data.application_id, step, at, about)
    await applications.refresh_status(uow, data.application_id)
    return True


async def offer_withdrawn(
    uow: UnitOfWork, data: AboutAPlacement, withdrawal: dict[str, Any], at: datetime
) -> None:
    """A condition was not met: the placement ends and the accepted offer shows withdrawn."""

    async def recorded() -> bool:
        if not await placements.record_offer_withdrawn(uow, data.placement_id, withdrawal, at):
            return False
        if await offers.locked(uow, data.application_id, data.placement_id) is not None:
            await offers.set_status(uow, data.placement_id, OfferStatus.WITHDRAWN, at)
        return True

    await record(uow, data, recorded, "offer_withdrawn", at, withdrawal)


async def report_reregistration(
    uow: UnitOfWork, application_id: UUID, access_token: str, reported: Reregistration
) -> tuple[StatusView, bool]:
    """The returner reports their application for restoration to the register and the
    regulator's decision so far: recorded on their completed placement and published once
    (``reregistration.reported``); the view, and whether this report was new. The same report
    again changes nothing; a later one may move the decision on (pending to refused or
    restored, refused to restored); any other is refused (a restoration is final)."""
    now = uow.now()
    application = await authorise(uow, application_id, access_token, now)
    if application.status == ApplicationStatus.WITHDRAWN:
        raise Refused("withdrawn", "the application was withdrawn")
    placement = await placements.latest_of_application(uow, application_id)
    if placement is None or placement.completed_at is None:
        raise Refused(
            "placement_not_completed",
            "restoration can be reported once the placement is completed",
        )
    if wrong := check_reregistration(reported, now.date()):
        field, message = wrong[0]
        raise Refused("invalid_date", f"{field} {message}", field)
    recorded = placement.reported_reregistration
    change = reregistration_change(recorded, reported)
    if change == Change.SAME:
        return await status_view(uow, application), False
    if change == Change.REFUSED or not await placements.record_reregistration_reported(
        uow, placement.placement_id, reported, recorded, now
    ):
        raise Refused(
            "reregistration_reported",
            "another report was recorded already: a pending application may be reported"
            " refused or restored, a refusal restored, and a restoration is final",
        )
    await timeline.add(
        uow,
        application_id,
        "reregistration_reported",
        now,
        {
            "placement_id": str(placement.placement_id),
            "applied_on": reported.applied_on.isoformat(),
            "decision": reported.decision.value,
            "decided_on": reported.decided_on.isoformat() if reported.decided_on else None,
        },
    )
    await uow.publish(
        ReregistrationReported(
            application_id=application_id,
            programme_id=application.programme_id,
            applied_on=reported.applied_on,
            decision=reported.decision,
            decided_on=reported.decided_on,
            reported_at=now,
        )
    )
    return await status_view(uow, application), True

"""Selection, as the applicant sees it: the selection service's events recorded on the
application (its stage, scores, interview and result, each a step of the timeline), and the
applicant's requests to book, move or cancel their interview (``interview.booking_requested``;
selection answers with the same request id)."""

import uuid
from datetime import datetime
from typing import Any
from uuid import UUID

from applications.domain.status import SelectionStage
from applications.store import applications, timeline
from applications.use_cases.access import authorise
from returners_platform.contracts.events import InterviewBookingRequested
from returners_platform.errors import Refused
from returners_platform.messaging.failure_policy import PermanentHandlerError
from returners_platform.messaging.unit_of_work import UnitOfWork


async def record(
    uow: UnitOfWork,
    application_id: UUID,
    step: str,
    at: datetime,
    changes: dict[str, Any],
    details: dict[str, Any] | None = None,
) -> None:
    """Merge ``changes`` into the selection state, add ``step`` to the timeline, and derive
    the status again."""
    if await applications.locked(uow, application_id) is None:
        raise PermanentHandlerError(f"selection of unknown application {application_id}")
    await applications.update_selection(uow, application_id, changes)
    await timeline.add(uow, application_id, step, at, details)
    await applications.refresh_status(uow, application_id)


async def request_interview(
    uow: UnitOfWork, application_id: UUID, access_token: str, slot_id: UUID | None
) -> UUID:
    """Ask selection to book (or move to) ``slot_id``, or, with None, to cancel; the request's
    id (the answer comes as an event, shown on the status)."""
    application = await authorise(uow, application_id, access_token, uow.now())
    selection = application.selection or {}
    if selection.get("stage") != SelectionStage.INTERVIEW or application.withdrawn_at:
        raise Refused("not_invited_to_interview", "this application has no interview to book")
    request_id, now = uuid.uuid4(), uow.now()
    interview = dict(selection.get("interview") or {})
    interview["request"] = {
        "request_id": str(request_id),
        "slot_id": str(slot_id) if slot_id else None,
        "status": "pending",
    }
    await applications.update_selection(uow, application_id, {"interview": interview})
    await timeline.add(
        uow,
        application_id,
        "interview_requested" if slot_id else "interview_cancellation_requested",
        now,
        {"slot_id": str(slot_id)} if slot_id else {},
    )
    await uow.publish(
        InterviewBookingRequested(
            application_id=application_id,
            programme_id=application.programme_id,
            request_id=request_id,
            slot_id=slot_id,
            requested_at=now,
        )
    )
    return request_id

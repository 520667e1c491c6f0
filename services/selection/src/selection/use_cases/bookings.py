"""Booking requests from the applications service (the portal's only door): book, move or
cancel an interview. Each gets one answer with its request id: ``interview.booked``,
``interview.cancelled`` or ``interview.slot_unavailable``.

A slot's bookings are taken one at a time (its row is locked), so its capacity holds however
many candidates ask for its last place at once.
"""

from uuid import UUID

from returners_platform.contracts.events import (
    InterviewBooked,
    InterviewCancelled,
    InterviewSlotUnavailable,
)
from returners_platform.messaging.unit_of_work import UnitOfWork
from selection import metrics
from selection.store import candidates, panel, programmes, slots


async def handle_request(
    uow: UnitOfWork,
    application_id: UUID,
    programme_id: str,
    request_id: UUID,
    slot_id: UUID | None,
) -> str:
    """Answer one request; the answer's name (booked, cancelled, or why not)."""
    answer = await _answer(uow, application_id, programme_id, request_id, slot_id)
    metrics.BOOKINGS.labels(answer).inc()
    return answer


async def _answer(
    uow: UnitOfWork,
    application_id: UUID,
    programme_id: str,
    request_id: UUID,
    slot_id: UUID | None,
) -> str:
    candidate = await candidates.locked(uow, application_id)
    if candidate is None or candidate.interview_invited_at is None:
        return await _unavailable(
            uow, application_id, programme_id, request_id, slot_id, "not_invited"
        )
    programme = await programmes.get(uow, programme_id)
    over = candidate.attended is not None or await panel.totals(uow, application_id)
    if over or (programme is not None and programme.decided_at is not None):
        return await _unavailable(
            uow, application_id, programme_id, request_id, slot_id, "interview_over"
        )
    current = await slots.booking_of(uow, application_id)
    now = uow.now()
    if slot_id is None:
        if current is None:
            return await _unavailable(
                uow, application_id, programme_id, request_id, None, "no_booking"
            )
        await slots.cancel(uow, application_id)
        await uow.publish(
            InterviewCancelled(
                application_id=application_id,
                programme_id=programme_id,
                request_id=request_id,
                slot_id=current.slot_id,
                cancelled_at=now,
            )
        )
        return "cancelled"
    slot = await slots.locked(uow, slot_id)
    if slot is None or slot.programme_id != programme_id:
        return await _unavailable(
            uow, application_id, programme_id, request_id, slot_id, "no_such_slot"
        )
    if slot.starts_at <= now:
        return await _unavailable(
            uow, application_id, programme_id, request_id, slot_id, "slot_passed"
        )
    if (current is None or current.slot_id != slot_id) and slot.available <= 0:
        return await _unavailable(
            uow, application_id, programme_id, request_id, slot_id, "slot_full"
        )
    await slots.book(uow, application_id, slot_id, request_id, now)
    await uow.publish(
        InterviewBooked(
            application_id=application_id,
            programme_id=programme_id,
            request_id=request_id,
            slot_id=slot_id,
            starts_at=slot.starts_at,
            booked_at=now,
        )
    )
    return "booked"


async def _unavailable(
    uow: UnitOfWork,
    application_id: UUID,
    programme_id: str,
    request_id: UUID,
    slot_id: UUID | None,
    reason: str,
) -> str:
    await uow.publish(
        InterviewSlotUnavailable(
            application_id=application_id,
            programme_id=programme_id,
            request_id=request_id,
            slot_id=slot_id,
            reason=reason,
            at=uow.now(),
        )
    )
    return reason

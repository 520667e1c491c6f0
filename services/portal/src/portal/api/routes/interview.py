"""The applicant's video interview (programmes with selection): choose a time from those
selection has published, change it, or cancel it, each through the applications service.
Selection answers later; the status page shows the answer."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from portal.api.deps import ApiDep, ClockDep, FormDep, SelectionDep, SessionDep, render
from portal.api.pages import (
    ApplicationDep,
    Instead,
    OpenedApplicationDep,
    ask_applications,
    not_found,
)
from portal.api.session import Session
from portal.domain import wording
from portal.domain.interview import Interview, Slot, bookable, interview_of
from portal.domain.questions import Field

router = APIRouter(prefix="/application/interview", include_in_schema=False)


@dataclass(frozen=True)
class Booking:
    """An interview the applicant may book, move or cancel now, and the times to choose from."""

    interview: Interview
    choices: list[Slot]


async def _booking(
    request: Request,
    session: SessionDep,
    application: ApplicationDep,
    selection: SelectionDep,
    clock: ClockDep,
) -> Booking:
    """The signed-in application's interview and its times; not found where there is no
    interview to change (before the interview stage, asked already, attended)."""
    interview = interview_of(application.get("selection"))
    if interview is None or not interview.may_change:
        raise Instead(not_found(request, session))
    slots = await selection.interview_slots(application["programme_id"])
    return Booking(interview, bookable(slots, clock(), interview.slot_id))


BookingDep = Annotated[Booking, Depends(_booking)]


def _time_field(choices: list[Slot], changing: bool) -> Field:
    return Field(
        name="slot_id",
        path="slot_id",
        kind="radios",
        label=(
            "Choose a new time for your video interview"
            if changing
            else "Choose a time for your video interview"
        ),
        missing="Select a time for your interview",
        hint="The times are UK time. You can change the time later.",
        options=tuple((s.slot_id, wording.long_time(s.starts_at)) for s in choices),
    )


def _interview_page(
    request: Request, session: Session, booking: Booking, *, error: str | None = None
) -> Response:
    field = _time_field(booking.choices, changing=booking.interview.state == "booked")
    return render(
        request,
        session,
        "interview.html" if booking.choices else "interview_no_times.html",
        status=400 if error else 200,
        field=field,
        interview=booking.interview,
        errors=[(field.name, error)] if error else [],
        field_errors={field.name: error} if error else {},
    )


@router.get("")
async def choose_time(request: Request, session: SessionDep, booking: BookingDep) -> Response:
    return _interview_page(request, session, booking)


@router.post("")
async def book(
    request: Request,
    session: SessionDep,
    form: FormDep,
    opened: OpenedApplicationDep,
    booking: BookingDep,
    api: ApiDep,
) -> Response:
    chosen_id = (form.get("slot_id") or [""])[0]
    chosen = next((s for s in booking.choices if s.slot_id == chosen_id), None)
    if chosen is None:
        return _interview_page(request, session, booking, error="Select a time for your interview")
    return await ask_applications(
        request,
        session,
        api.book_interview(*opened, chosen.slot_id),
        refused="interview_closed.html",
        done=f"You asked for an interview on {wording.long_time(chosen.starts_at)}",
    )


@router.get("/cancel")
async def confirm_cancel(
    request: Request, session: SessionDep, application: ApplicationDep
) -> Response:
    interview = interview_of(application.get("selection"))
    if interview is None or interview.state != "booked":
        return not_found(request, session)
    return render(request, session, "interview_cancel.html", interview=interview)


@router.post("/cancel")
async def cancel(
    request: Request, session: SessionDep, form: FormDep, opened: OpenedApplicationDep, api: ApiDep
) -> Response:
    return await ask_applications(
        request,
        session,
        api.book_interview(*opened, None),
        refused="interview_closed.html",
        done="You asked to cancel your interview",
    )

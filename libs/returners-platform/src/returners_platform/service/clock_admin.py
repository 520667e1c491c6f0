"""``/admin/clock``: read and move a service's clock forward (local and test platforms only).

Served only when the service runs on a ``ShiftableClock`` (``clock_adjustable``, which the
settings refuse outside local and test mode). The local demo moves the clocks of every
service that stamps what an applicant sees together with it, from ``clock_start_days`` in the
past up to now: a week passes for the offers nobody answers (expiries never race the wall
clock), months for the placements.
"""

from datetime import datetime, timedelta

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from returners_platform.clock import ShiftableClock
from returners_platform.service.deps import OperationsOnly

router = APIRouter(prefix="/admin/clock", tags=["operations"], dependencies=[OperationsOnly])


class ClockView(BaseModel):
    now: datetime
    offset_seconds: float = Field(description="How far the clock is ahead of the system time")


class Advance(BaseModel):
    seconds: float = Field(gt=0, le=400 * 86400, description="How far to move the clock on")


def _clock(request: Request) -> ShiftableClock:
    clock = request.app.state.clock
    assert isinstance(clock, ShiftableClock)
    return clock


def _view(clock: ShiftableClock) -> ClockView:
    return ClockView(now=clock(), offset_seconds=clock.offset.total_seconds())


@router.get(
    "",
    response_model=ClockView,
    responses={401: {"description": "Operations token required"}},
    summary="The service's time",
)
async def read_clock(request: Request) -> ClockView:
    return _view(_clock(request))


@router.post(
    "/advance",
    response_model=ClockView,
    responses={401: {"description": "Operations token required"}},
    summary="Move the service's time forward (it never goes back)",
)
async def advance_clock(body: Advance, request: Request) -> ClockView:
    clock = _clock(request)
    clock.advance(timedelta(seconds=body.seconds))
    return _view(clock)

"""Where an applicant's interview has got to, and which interview times they may choose.

Selection publishes a programme's interview times (with the places left in each); the
applications service's status says what the applicant has booked and whether their latest
request is still being answered. These rules turn the two into what the status page says
and the times the booking page offers.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

InterviewState = Literal[
    "to_book",  # invited, nothing booked yet
    "requested",  # a booking, move or cancellation is being answered
    "unavailable",  # the time they asked for was taken (nothing booked)
    "booked",
    "attended",
    "missed",
]


@dataclass(frozen=True)
class Slot:
    slot_id: str
    starts_at: datetime
    available: int


@dataclass(frozen=True)
class Interview:
    state: InterviewState
    slot_id: str | None = None  # the booking, when there is one
    starts_at: datetime | None = None
    refused_reason: str | None = None  # why the latest request was not met

    @property
    def may_change(self) -> bool:
        """Whether the applicant may book, move or cancel now."""
        return self.state in ("to_book", "unavailable", "booked")


def interview_of(selection: dict[str, Any] | None) -> Interview | None:
    """The interview of an application's selection state; None before the interview stage."""
    if not selection or selection.get("stage") != "interview":
        return None
    interview = selection.get("interview") or {}
    request = interview.get("request") or {}
    starts_at = interview.get("starts_at")
    slot_id = interview.get("slot_id") if starts_at else None
    at = datetime.fromisoformat(starts_at) if starts_at else None
    if interview.get("status") == "attended":
        return Interview("attended", slot_id, at)
    if interview.get("status") == "did_not_attend":
        return Interview("missed", slot_id, at)
    if request.get("status") == "pending":
        return Interview("requested", slot_id, at)
    if interview.get("status") == "booked":
        refused = request.get("reason") if request.get("status") == "unavailable" else None
        return Interview("booked", slot_id, at, refused)
    if request.get("status") == "unavailable":
        return Interview("unavailable", refused_reason=request.get("reason"))
    return Interview("to_book")


def bookable(slots: list[dict[str, Any]], now: datetime, booked: str | None = None) -> list[Slot]:
    """The times an applicant may choose, soonest first: not yet begun, with a place left,
    and not the one already booked."""
    found = [
        Slot(str(s["slot_id"]), datetime.fromisoformat(str(s["starts_at"])), int(s["available"]))
        for s in slots
    ]
    return sorted(
        (s for s in found if s.starts_at > now and s.available > 0 and s.slot_id != booked),
        key=lambda s: s.starts_at,
    )

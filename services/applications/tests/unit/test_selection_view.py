"""What an applicant sees of their interview at each step of booking it."""

from uuid import uuid4

from applications.api.schemas import SelectionView

SLOT = str(uuid4())


def _view(interview: dict[str, object]) -> SelectionView:
    return SelectionView.of({"stage": "interview", "interview": interview}, None)


def test_a_first_booking_request_still_pending_shows_no_slot_yet() -> None:
    request = {"request_id": str(uuid4()), "slot_id": SLOT, "status": "pending"}
    view = _view({"request": request})
    assert view.interview is not None
    assert (view.interview.slot_id, view.interview.status) == (None, None)
    assert view.interview.request == request


def test_a_first_booking_refused_shows_why_and_no_slot() -> None:
    request = {"request_id": str(uuid4()), "status": "unavailable", "reason": "slot_full"}
    view = _view({"request": request})
    assert view.interview is not None
    assert view.interview.slot_id is None
    assert view.interview.request == request


def test_a_candidate_who_never_booked_and_missed_the_interview_shows_did_not_attend() -> None:
    view = _view({"status": "did_not_attend"})
    assert view.interview is not None
    assert (view.interview.slot_id, view.interview.status) == (None, "did_not_attend")

"""Where an interview has got to, and which times an applicant may choose."""

from datetime import UTC, datetime, timedelta

from portal.domain.interview import bookable, interview_of

NOW = datetime(2030, 4, 20, 9, 0, tzinfo=UTC)


def slot(slot_id: str, hours_from_now: float, available: int = 1) -> dict[str, object]:
    starts_at = NOW + timedelta(hours=hours_from_now)
    return {"slot_id": slot_id, "starts_at": starts_at.isoformat(), "available": available}


def at_interview(interview: dict[str, object] | None) -> dict[str, object]:
    return {"stage": "interview", "interview": interview}


def test_there_is_no_interview_before_the_interview_stage_or_without_selection() -> None:
    assert interview_of(None) is None
    assert interview_of({"stage": "assessment", "interview": None}) is None
    assert interview_of({"stage": "results", "interview": {"status": "attended"}}) is None


def test_an_invited_applicant_with_nothing_asked_has_a_time_to_book() -> None:
    found = interview_of(at_interview(None))
    assert found is not None
    assert (found.state, found.may_change) == ("to_book", True)


def test_a_pending_request_is_being_answered_and_cannot_be_changed_meanwhile() -> None:
    request = {"request_id": "r1", "slot_id": "s1", "status": "pending"}
    found = interview_of(at_interview({"request": request}))
    assert found is not None
    assert (found.state, found.may_change) == ("requested", False)


def test_a_booking_shows_its_time_and_may_be_moved_or_cancelled() -> None:
    starts = (NOW + timedelta(days=2)).isoformat()
    booked = {"slot_id": "s1", "starts_at": starts, "status": "booked", "request": None}
    found = interview_of(at_interview(booked))
    assert found is not None
    assert (found.state, found.slot_id, found.starts_at) == (
        "booked",
        "s1",
        datetime.fromisoformat(starts),
    )
    assert found.may_change
    assert found.refused_reason is None


def test_a_refused_move_keeps_the_booking_and_says_why() -> None:
    starts = (NOW + timedelta(days=2)).isoformat()
    request = {"request_id": "r2", "status": "unavailable", "reason": "slot_full"}
    found = interview_of(
        at_interview({"slot_id": "s1", "starts_at": starts, "status": "booked", "request": request})
    )
    assert found is not None
    assert (found.state, found.refused_reason) == ("booked", "slot_full")


def test_a_refused_first_request_leaves_nothing_booked_and_a_time_to_choose() -> None:
    request = {"request_id": "r1", "status": "unavailable", "reason": "slot_full"}
    found = interview_of(at_interview({"slot_id": None, "starts_at": None, "request": request}))
    assert found is not None
    assert (found.state, found.slot_id, found.may_change) == ("unavailable", None, True)


def test_once_held_or_missed_the_interview_cannot_be_changed() -> None:
    starts = NOW.isoformat()
    for status, state in (("attended", "attended"), ("did_not_attend", "missed")):
        found = interview_of(at_interview({"slot_id": "s1", "starts_at": starts, "status": status}))
        assert found is not None
        assert (found.state, found.may_change) == (state, False)


def test_only_future_times_with_a_place_left_are_offered_soonest_first() -> None:
    slots = [
        slot("later", 48),
        slot("past", -1),
        slot("full", 24, available=0),
        slot("sooner", 2),
    ]
    assert [s.slot_id for s in bookable(slots, NOW)] == ["sooner", "later"]


def test_the_time_already_booked_is_not_offered_again() -> None:
    slots = [slot("mine", 24), slot("other", 48)]
    assert [s.slot_id for s in bookable(slots, NOW, booked="mine")] == ["other"]

from datetime import UTC, datetime, timedelta

import pytest

from applications.domain.rules import (
    check_can_answer_offer,
    check_can_withdraw,
    check_preferences_offered,
    check_window,
)
from applications.domain.status import ApplicationStatus, OfferStatus
from returners_platform.errors import Refused

OPENS = datetime(2020, 1, 13, tzinfo=UTC)
CLOSES = datetime(2020, 3, 31, 22, 59, 59, tzinfo=UTC)  # 23:59:59 BST


@pytest.mark.parametrize("now", [OPENS, CLOSES, OPENS + timedelta(days=10)])
def test_submissions_inside_the_window_are_accepted_both_ends_inclusive(now: datetime) -> None:
    check_window(OPENS, CLOSES, now)


@pytest.mark.parametrize(
    ("now", "code"),
    [
        (OPENS - timedelta(seconds=1), "programme_not_open"),
        (CLOSES + timedelta(seconds=1), "programme_closed"),
    ],
)
def test_submissions_outside_the_window_are_refused(now: datetime, code: str) -> None:
    with pytest.raises(Refused) as caught:
        check_window(OPENS, CLOSES, now)
    assert caught.value.code == code


def test_a_hired_returner_cannot_withdraw() -> None:
    with pytest.raises(Refused, match="hired"):
        check_can_withdraw(ApplicationStatus.HIRED)
    check_can_withdraw(ApplicationStatus.ACCEPTED)


NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_an_open_offer_before_its_expiry_can_be_answered() -> None:
    check_can_answer_offer(ApplicationStatus.OFFERED, OfferStatus.OFFERED, NOW + timedelta(1), NOW)


@pytest.mark.parametrize(
    ("status", "offer", "expires", "code"),
    [
        (ApplicationStatus.WITHDRAWN, OfferStatus.OFFERED, NOW + timedelta(1), "withdrawn"),
        (ApplicationStatus.OFFERED, OfferStatus.DECLINED, NOW + timedelta(1), "offer_not_open"),
        (ApplicationStatus.OFFERED, OfferStatus.OFFERED, NOW, "offer_expired"),
    ],
)
def test_an_offer_that_is_not_open_cannot_be_answered(
    status: ApplicationStatus, offer: OfferStatus, expires: datetime, code: str
) -> None:
    with pytest.raises(Refused) as caught:
        check_can_answer_offer(status, offer, expires, NOW)
    assert caught.value.code == code


def test_preferences_must_name_what_the_programme_offers() -> None:
    check_preferences_offered(["London"], ["adults"], ["London", "South East"], ["adults"])
    with pytest.raises(Refused) as caught:
        check_preferences_offered(["North East"], ["adults"], ["London"], ["adults"])
    assert caught.value.field == "preferences.regions"
    with pytest.raises(Refused) as caught:
        check_preferences_offered(["London"], ["children"], ["London"], ["adults"])
    assert caught.value.field == "preferences.specialisms"

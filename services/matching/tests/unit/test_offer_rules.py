"""When an answer counts, when an offer expires, and who may be hired."""

from datetime import UTC, datetime, timedelta

import pytest

from matching.domain.offers import (
    ENDS_THEIR_MATCHING,
    HOLDS_A_PLACE,
    AnswerOutcome,
    OfferStatus,
    answer_outcome,
    can_hire,
    expires_at,
    is_due_to_expire,
    withdrawal_applies,
)

OFFERED_AT = datetime(2027, 5, 4, 9, tzinfo=UTC)
EXPIRES = expires_at(OFFERED_AT, 7)
SECOND = timedelta(seconds=1)


def test_an_offer_expires_exactly_the_offer_window_after_it_was_made() -> None:
    assert expires_at(OFFERED_AT, 7) - OFFERED_AT == timedelta(days=7)
    assert not is_due_to_expire(OfferStatus.OFFERED, EXPIRES, EXPIRES - SECOND)
    assert is_due_to_expire(OfferStatus.OFFERED, EXPIRES, EXPIRES)
    assert not is_due_to_expire(OfferStatus.ACCEPTED, EXPIRES, EXPIRES + SECOND)


def test_an_answer_before_the_deadline_applies_and_one_at_or_after_it_expires_the_offer() -> None:
    assert answer_outcome(OfferStatus.OFFERED, EXPIRES, EXPIRES - SECOND) == AnswerOutcome.APPLY
    assert answer_outcome(OfferStatus.OFFERED, EXPIRES, EXPIRES) == AnswerOutcome.EXPIRE


@pytest.mark.parametrize(
    "status",
    [OfferStatus.EXPIRED, OfferStatus.WITHDRAWN, OfferStatus.DECLINED, OfferStatus.ACCEPTED],
)
def test_an_answer_to_an_offer_matching_already_closed_changes_nothing(
    status: OfferStatus,
) -> None:
    assert answer_outcome(status, EXPIRES, EXPIRES - SECOND) == AnswerOutcome.IGNORE


def test_only_an_accepted_offer_can_become_a_hire() -> None:
    assert [s for s in OfferStatus if can_hire(s)] == [OfferStatus.ACCEPTED]


def test_a_withdrawal_ends_an_outstanding_or_accepted_offer_and_never_a_hire() -> None:
    assert {s for s in OfferStatus if withdrawal_applies(s)} == {
        OfferStatus.OFFERED,
        OfferStatus.ACCEPTED,
    }


def test_a_withdrawn_offer_frees_its_slot_and_ends_the_applicants_matching() -> None:
    assert OfferStatus.WITHDRAWN not in HOLDS_A_PLACE
    assert OfferStatus.WITHDRAWN in ENDS_THEIR_MATCHING
    assert not can_hire(OfferStatus.WITHDRAWN)  # conditions not met: no hire of that offer
    # a decline or an expiry bars one vacancy only: the applicant stays in matching
    assert not ENDS_THEIR_MATCHING & {OfferStatus.DECLINED, OfferStatus.EXPIRED}

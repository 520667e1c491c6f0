"""An offer's life: made, then accepted, declined, expired, withdrawn or (after acceptance) hired.

An offer is withdrawn when the applicant withdraws, or (``placement.offer_withdrawn``, from
the training service) when a condition of the accepted offer was not met: either way the slot
is free again and the applicant is offered nothing more in the programme. A placement the
returner leaves after it opened (``placement.withdrawn``) is recorded on its offer but does
not free the slot: the council planned that placement's supervision and dates, and a newcomer
cannot join a cohort mid-way, so the place stays used, as the programme's own counts (started,
completed) have it. The applicant's own ``application.withdrawn`` still frees it, as before.

Matching is the authority on whether an offer was still open. An answer is applied only to
an offer matching still holds open and only if it was given before ``expires_at``:

- an answer given at or after ``expires_at`` expires the offer instead
  (``placement.offer_expired``);
- an answer to an offer matching has already expired or withdrawn changes nothing: the
  ``placement.offer_expired`` already published stands, and the place may already be offered
  to someone else (offers are never taken back).
"""

from datetime import datetime, timedelta
from enum import StrEnum

from returners_platform.contracts.vocabulary import OfferStatus

__all__ = ["OfferStatus"]  # the platform's vocabulary, imported here with the rules about it


# Statuses in which an offer takes up a slot of its vacancy and a place of the programme.
HOLDS_A_PLACE: frozenset[OfferStatus] = frozenset(
    {OfferStatus.OFFERED, OfferStatus.ACCEPTED, OfferStatus.HIRED}
)
# Statuses after which the applicant is never offered that vacancy again.
BARS_THE_VACANCY: frozenset[OfferStatus] = frozenset({OfferStatus.DECLINED, OfferStatus.EXPIRED})
# Statuses a withdrawal ends (a hire is final: a hired returner cannot withdraw, and a hire
# reported alongside the checks stands even if a condition is then recorded not met).
ENDED_BY_WITHDRAWAL: frozenset[OfferStatus] = frozenset({OfferStatus.OFFERED, OfferStatus.ACCEPTED})
# Statuses after which the applicant is offered nothing more in the programme.
ENDS_THEIR_MATCHING: frozenset[OfferStatus] = frozenset({OfferStatus.WITHDRAWN})


class AnswerOutcome(StrEnum):
    APPLY = "apply"
    EXPIRE = "expire"
    IGNORE = "ignore"


def expires_at(offered_at: datetime, offer_window_days: float) -> datetime:
    return offered_at + timedelta(days=offer_window_days)


def is_due_to_expire(status: OfferStatus, expires: datetime, now: datetime) -> bool:
    return status == OfferStatus.OFFERED and now >= expires


def answer_outcome(status: OfferStatus, expires: datetime, answered_at: datetime) -> AnswerOutcome:
    """What an applicant's accept or decline does to the offer as matching holds it."""
    if status != OfferStatus.OFFERED:
        return AnswerOutcome.IGNORE
    if answered_at >= expires:
        return AnswerOutcome.EXPIRE
    return AnswerOutcome.APPLY


def can_hire(status: OfferStatus) -> bool:
    """A council may report a hire only for an offer the applicant accepted and still holds:
    before, during or after its placement (completed or left), but not once it was withdrawn
    (the applicant withdrew, or a condition was not met)."""
    return status == OfferStatus.ACCEPTED


def withdrawal_applies(status: OfferStatus) -> bool:
    """Whether a withdrawal (the applicant's, or conditions not met) ends an offer in this
    status; otherwise it changes nothing (already ended, or hired)."""
    return status in ENDED_BY_WITHDRAWAL

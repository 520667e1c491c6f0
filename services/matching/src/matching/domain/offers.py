"""An offer's life: made, then accepted, declined, expired, withdrawn or (after acceptance) hired.

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
# Statuses a withdrawal ends (a hire is final: a hired returner cannot withdraw).
ENDED_BY_WITHDRAWAL: frozenset[OfferStatus] = frozenset({OfferStatus.OFFERED, OfferStatus.ACCEPTED})


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
    """A council may report a hire only for an offer the applicant accepted."""
    return status == OfferStatus.ACCEPTED

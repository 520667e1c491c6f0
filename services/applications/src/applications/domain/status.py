"""An application's status, derived from the facts recorded about it.

Deriving (rather than stepping a state machine) keeps the status right whatever
order the facts arrive in: a withdrawal outranks everything, a hire outranks an
acceptance, an accepted offer outranks an open one, and so on.
"""

from collections.abc import Iterable
from enum import StrEnum

from returners_platform.contracts.vocabulary import OfferStatus

__all__ = ["ApplicationStatus", "OfferStatus", "derive_status"]


class ApplicationStatus(StrEnum):
    SUBMITTED = "submitted"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    HIRED = "hired"
    WITHDRAWN = "withdrawn"


def derive_status(
    *,
    withdrawn: bool,
    hired: bool,
    eligible: bool | None,
    offer_statuses: Iterable[OfferStatus],
) -> ApplicationStatus:
    statuses = set(offer_statuses)
    if withdrawn:
        return ApplicationStatus.WITHDRAWN
    if hired:
        return ApplicationStatus.HIRED
    if OfferStatus.ACCEPTED in statuses:
        return ApplicationStatus.ACCEPTED
    if OfferStatus.OFFERED in statuses:
        return ApplicationStatus.OFFERED
    if eligible is None:
        return ApplicationStatus.SUBMITTED
    return ApplicationStatus.ELIGIBLE if eligible else ApplicationStatus.INELIGIBLE

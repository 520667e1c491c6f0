"""An application's status, derived from the facts recorded about it.

Deriving (rather than stepping a state machine) keeps the status right whatever
order the facts arrive in: a withdrawal outranks everything, a hire outranks an
acceptance, an accepted offer outranks an open one, a selection result outranks the
interview, the interview outranks the assessment, and so on.
"""

from collections.abc import Iterable
from enum import StrEnum

from returners_platform.contracts.vocabulary import OfferStatus, SelectionOutcome

__all__ = ["ApplicationStatus", "OfferStatus", "SelectionStage", "derive_status"]


class SelectionStage(StrEnum):
    """How far selection has gone with the application (programmes with selection)."""

    ASSESSMENT = "assessment"
    INTERVIEW = "interview"
    RESULTS = "results"


class ApplicationStatus(StrEnum):
    SUBMITTED = "submitted"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    INVITED = "invited"  # to the assessment (programmes with selection)
    INTERVIEWING = "interviewing"  # passed the assessment: invited to interview
    SELECTED = "selected"
    WAITLISTED = "waitlisted"
    REJECTED = "rejected"
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
    selection_stage: SelectionStage | None = None,
    selection_outcome: SelectionOutcome | None = None,
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
    if selection_outcome is not None:
        return ApplicationStatus(selection_outcome.value)
    if selection_stage == SelectionStage.INTERVIEW:
        return ApplicationStatus.INTERVIEWING
    if selection_stage == SelectionStage.ASSESSMENT:
        return ApplicationStatus.INVITED
    if eligible is None:
        return ApplicationStatus.SUBMITTED
    return ApplicationStatus.ELIGIBLE if eligible else ApplicationStatus.INELIGIBLE

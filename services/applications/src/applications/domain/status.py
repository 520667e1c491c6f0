"""An application's status, derived from the facts recorded about it.

Deriving (rather than stepping a state machine) keeps the status right whatever
order the facts arrive in: a withdrawal outranks everything, a hire outranks an
acceptance, the placement an accepted offer opened outranks the offer once it has an
outcome or has started (re-registered, completed, left, started, or the offer withdrawn
because a condition was not met; while its conditions are pending the status stays
accepted), an accepted offer outranks an open one, a selection result outranks the
interview, the interview outranks the assessment, and so on.
"""

from collections.abc import Iterable
from enum import StrEnum

from applications.domain.training import PlacementStage
from returners_platform.contracts.vocabulary import OfferStatus, SelectionOutcome

__all__ = ["ApplicationStatus", "OfferStatus", "PlacementStage", "SelectionStage", "derive_status"]


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
    OFFER_WITHDRAWN = "offer_withdrawn"  # a condition of the accepted offer was not met
    IN_PLACEMENT = "in_placement"
    PLACEMENT_WITHDRAWN = "placement_withdrawn"  # left the placement before completing it
    COMPLETED = "completed"  # the updating requirement met and the placement ended
    REREGISTERED = "reregistered"
    HIRED = "hired"
    WITHDRAWN = "withdrawn"


# The placement's stages that show as the application's status (the others show accepted).
STATUS_OF_STAGE: dict[PlacementStage, ApplicationStatus] = {
    PlacementStage.REREGISTERED: ApplicationStatus.REREGISTERED,
    PlacementStage.COMPLETED: ApplicationStatus.COMPLETED,
    PlacementStage.WITHDRAWN: ApplicationStatus.PLACEMENT_WITHDRAWN,
    PlacementStage.STARTED: ApplicationStatus.IN_PLACEMENT,
    PlacementStage.OFFER_WITHDRAWN: ApplicationStatus.OFFER_WITHDRAWN,
}


def derive_status(
    *,
    withdrawn: bool,
    hired: bool,
    eligible: bool | None,
    offer_statuses: Iterable[OfferStatus],
    selection_stage: SelectionStage | None = None,
    selection_outcome: SelectionOutcome | None = None,
    placement_stage: PlacementStage | None = None,
) -> ApplicationStatus:
    statuses = set(offer_statuses)
    if withdrawn:
        return ApplicationStatus.WITHDRAWN
    if hired:
        return ApplicationStatus.HIRED
    if placement_stage is not None and placement_stage in STATUS_OF_STAGE:
        return STATUS_OF_STAGE[placement_stage]
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

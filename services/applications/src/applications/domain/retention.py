"""Until when an application's personal data is kept: the rule, with no I/O.

An application still in progress keeps its data. Once it has an outcome the data is kept
for that outcome's purpose, from the moment of the outcome, for the programme's period:

| status | purpose | from |
|---|---|---|
| ineligible | unsuccessful | the eligibility decision |
| rejected (selection) | unsuccessful | the selection result |
| withdrawn | withdrawn | the withdrawal |
| hired | participant | the hire |
| offer_withdrawn (a condition not met) | unsuccessful | the offer's withdrawal |
| placement_withdrawn | withdrawn | leaving the placement |
| completed, reregistered | participant | the completion, the re-registration |

(A placement still running — conditions pending, ready to start, started — is in progress.)
"""

from dataclasses import dataclass
from datetime import datetime

from applications.domain.status import ApplicationStatus
from returners_platform.contracts.retention import RetentionPeriods, RetentionPurpose

# The statuses an application keeps its data for a limited time in, and why.
PURPOSE_OF_STATUS: dict[ApplicationStatus, RetentionPurpose] = {
    ApplicationStatus.INELIGIBLE: RetentionPurpose.UNSUCCESSFUL,
    ApplicationStatus.REJECTED: RetentionPurpose.UNSUCCESSFUL,
    ApplicationStatus.WITHDRAWN: RetentionPurpose.WITHDRAWN,
    ApplicationStatus.HIRED: RetentionPurpose.PARTICIPANT,
    ApplicationStatus.OFFER_WITHDRAWN: RetentionPurpose.UNSUCCESSFUL,
    ApplicationStatus.PLACEMENT_WITHDRAWN: RetentionPurpose.WITHDRAWN,
    ApplicationStatus.COMPLETED: RetentionPurpose.PARTICIPANT,
    ApplicationStatus.REREGISTERED: RetentionPurpose.PARTICIPANT,
}
_PLACEMENT_OUTCOMES = frozenset(
    {
        ApplicationStatus.OFFER_WITHDRAWN,
        ApplicationStatus.PLACEMENT_WITHDRAWN,
        ApplicationStatus.COMPLETED,
        ApplicationStatus.REREGISTERED,
    }
)


@dataclass(frozen=True)
class Outcome:
    """The facts the rule reads: the status, and when each outcome happened."""

    status: ApplicationStatus
    eligibility_decided_at: datetime | None = None
    selection_decided_at: datetime | None = None
    withdrawn_at: datetime | None = None
    hired_at: datetime | None = None
    placement_outcome_at: datetime | None = None  # domain.training.outcome_at


@dataclass(frozen=True)
class Due:
    purpose: RetentionPurpose
    erase_after: datetime


def due(outcome: Outcome, periods: RetentionPeriods) -> Due | None:
    """When the data is due to be erased, or None while the application is in progress."""
    purpose = PURPOSE_OF_STATUS.get(outcome.status)
    since = _since(outcome)
    if purpose is None or since is None:
        return None
    return Due(purpose, periods.due(purpose, since))


def _since(outcome: Outcome) -> datetime | None:
    if outcome.status in _PLACEMENT_OUTCOMES:
        return outcome.placement_outcome_at
    return {
        ApplicationStatus.INELIGIBLE: outcome.eligibility_decided_at,
        ApplicationStatus.REJECTED: outcome.selection_decided_at,
        ApplicationStatus.WITHDRAWN: outcome.withdrawn_at,
        ApplicationStatus.HIRED: outcome.hired_at,
    }.get(outcome.status)

"""Until when the panel's feedback on a candidate is kept: the rule, with no I/O.

Selection keeps feedback for as long as the applications service keeps the applicant's
personal data, on the facts selection knows: a withdrawn candidate's for the withdrawn
period from the withdrawal; a rejected candidate's for the unsuccessful period from the
programme's results. A selected or waitlisted candidate's stays until ``applicant.erased``
(their period runs from the hire, which selection does not hear of).
"""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from returners_platform.contracts.retention import RetentionPeriods, RetentionPurpose
from returners_platform.contracts.vocabulary import SelectionOutcome


@dataclass(frozen=True)
class KeptFeedback:
    """A candidate with feedback still held, and the facts its date depends on."""

    application_id: UUID
    outcome: SelectionOutcome | None
    withdrawn_at: datetime | None
    results_at: datetime | None  # when the programme's results were decided
    periods: RetentionPeriods


def erase_after(kept: KeptFeedback) -> datetime | None:
    if kept.withdrawn_at is not None:
        return kept.periods.due(RetentionPurpose.WITHDRAWN, kept.withdrawn_at)
    if kept.outcome == SelectionOutcome.REJECTED and kept.results_at is not None:
        return kept.periods.due(RetentionPurpose.UNSUCCESSFUL, kept.results_at)
    return None


def is_due(kept: KeptFeedback, now: datetime) -> bool:
    due = erase_after(kept)
    return due is not None and due <= now

"""Until when training keeps a placement's personal data (the mentor's name, free-text notes):
the rule, with no I/O.

A completed placement's is kept for the participant period from completion; a withdrawn one's
(or one whose offer was withdrawn) for the withdrawn period from then. An open placement's is
kept until ``applicant.erased``.
"""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from returners_platform.contracts.retention import RetentionPeriods, RetentionPurpose


@dataclass(frozen=True)
class KeptPersonalData:
    placement_id: UUID
    application_id: UUID
    completed_at: datetime | None
    closed_at: datetime | None  # withdrawn, or its offer withdrawn
    periods: RetentionPeriods


def erase_after(kept: KeptPersonalData) -> datetime | None:
    if kept.completed_at is not None:
        return kept.periods.due(RetentionPurpose.PARTICIPANT, kept.completed_at)
    if kept.closed_at is not None:
        return kept.periods.due(RetentionPurpose.WITHDRAWN, kept.closed_at)
    return None


def is_due(kept: KeptPersonalData, now: datetime) -> bool:
    due = erase_after(kept)
    return due is not None and due <= now

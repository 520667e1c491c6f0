"""How long a programme keeps an applicant's personal data (UK GDPR storage limitation).

A programme carries its ``RetentionPeriods`` (operations set them with the programme; they
travel in ``programme.published``). Each service that holds personal data works out, from
what it knows, which purpose an applicant's data is now kept for and since when; the data
is erased ``periods.due(purpose, since)``, through the same path as an erasure request.
"""

import calendar
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class RetentionPurpose(StrEnum):
    """Why the data is still kept, which says how long for."""

    UNSUCCESSFUL = "unsuccessful"  # not eligible, or not selected: from the result
    WITHDRAWN = "withdrawn"  # from the withdrawal
    PARTICIPANT = "participant"  # placed: from the hire (completion, once training exists)


class ErasureReason(StrEnum):
    """Why an applicant's personal data was erased (``applicant.erased``)."""

    REQUEST = "request"  # the applicant (or operations on their behalf) asked
    RETENTION = "retention"  # the programme's retention period passed


class RetentionPeriods(BaseModel):
    """Months the personal data is kept for each purpose, counted from its start."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    unsuccessful_months: int = Field(
        default=6, ge=1, le=120, description="Not eligible or not selected: after the result"
    )
    withdrawn_months: int = Field(default=6, ge=1, le=120, description="After withdrawal")
    participant_months: int = Field(
        default=24, ge=1, le=120, description="Placed returners: after the hire"
    )

    def months(self, purpose: RetentionPurpose) -> int:
        return {
            RetentionPurpose.UNSUCCESSFUL: self.unsuccessful_months,
            RetentionPurpose.WITHDRAWN: self.withdrawn_months,
            RetentionPurpose.PARTICIPANT: self.participant_months,
        }[purpose]

    def due(self, purpose: RetentionPurpose, since: datetime) -> datetime:
        """When data kept for ``purpose`` since ``since`` is to be erased."""
        return months_after(since, self.months(purpose))


def months_after(at: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months later (the month's last day where
    it is shorter: 31 August + 6 months is 28 or 29 February)."""
    month_index = at.month - 1 + months
    year, month = at.year + month_index // 12, month_index % 12 + 1
    return at.replace(year=year, month=month, day=min(at.day, calendar.monthrange(year, month)[1]))

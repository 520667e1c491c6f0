"""Until when an application's personal data is kept (domain.retention)."""

from datetime import UTC, datetime

import pytest

from applications.domain.retention import Due, Outcome, due
from applications.domain.status import ApplicationStatus
from returners_platform.contracts.retention import RetentionPeriods, RetentionPurpose

PERIODS = RetentionPeriods(unsuccessful_months=6, withdrawn_months=3, participant_months=24)
ELIGIBILITY = datetime(2026, 2, 1, tzinfo=UTC)
RESULTS = datetime(2026, 4, 20, tzinfo=UTC)
WITHDRAWN = datetime(2026, 5, 5, tzinfo=UTC)
HIRED = datetime(2026, 9, 1, tzinfo=UTC)
PLACEMENT_OUTCOME = datetime(2026, 7, 10, tzinfo=UTC)
FACTS = {
    "eligibility_decided_at": ELIGIBILITY,
    "selection_decided_at": RESULTS,
    "withdrawn_at": WITHDRAWN,
    "hired_at": HIRED,
    "placement_outcome_at": PLACEMENT_OUTCOME,
}


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (
            ApplicationStatus.INELIGIBLE,
            Due(RetentionPurpose.UNSUCCESSFUL, datetime(2026, 8, 1, tzinfo=UTC)),
        ),
        (
            ApplicationStatus.REJECTED,
            Due(RetentionPurpose.UNSUCCESSFUL, datetime(2026, 10, 20, tzinfo=UTC)),
        ),
        (
            ApplicationStatus.WITHDRAWN,
            Due(RetentionPurpose.WITHDRAWN, datetime(2026, 8, 5, tzinfo=UTC)),
        ),
        (
            ApplicationStatus.HIRED,
            Due(RetentionPurpose.PARTICIPANT, datetime(2028, 9, 1, tzinfo=UTC)),
        ),
        (
            ApplicationStatus.OFFER_WITHDRAWN,
            Due(RetentionPurpose.UNSUCCESSFUL, datetime(2027, 1, 10, tzinfo=UTC)),
        ),
        (
            ApplicationStatus.PLACEMENT_WITHDRAWN,
            Due(RetentionPurpose.WITHDRAWN, datetime(2026, 10, 10, tzinfo=UTC)),
        ),
        (
            ApplicationStatus.COMPLETED,
            Due(RetentionPurpose.PARTICIPANT, datetime(2028, 7, 10, tzinfo=UTC)),
        ),
        (
            ApplicationStatus.REREGISTERED,
            Due(RetentionPurpose.PARTICIPANT, datetime(2028, 7, 10, tzinfo=UTC)),
        ),
    ],
)
def test_an_outcome_keeps_the_data_for_its_purpose_from_when_it_happened(
    status: ApplicationStatus, expected: Due
) -> None:
    assert due(Outcome(status=status, **FACTS), PERIODS) == expected


@pytest.mark.parametrize(
    "status",
    [
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.ELIGIBLE,
        ApplicationStatus.INVITED,
        ApplicationStatus.INTERVIEWING,
        ApplicationStatus.SELECTED,
        ApplicationStatus.WAITLISTED,
        ApplicationStatus.OFFERED,
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.IN_PLACEMENT,
    ],
)
def test_an_application_in_progress_keeps_its_data(status: ApplicationStatus) -> None:
    assert due(Outcome(status=status, **FACTS), PERIODS) is None


def test_every_status_is_either_in_progress_or_has_a_purpose() -> None:
    with_a_date = {s for s in ApplicationStatus if due(Outcome(status=s, **FACTS), PERIODS)}
    assert with_a_date == {
        ApplicationStatus.INELIGIBLE,
        ApplicationStatus.REJECTED,
        ApplicationStatus.WITHDRAWN,
        ApplicationStatus.HIRED,
        ApplicationStatus.OFFER_WITHDRAWN,
        ApplicationStatus.PLACEMENT_WITHDRAWN,
        ApplicationStatus.COMPLETED,
        ApplicationStatus.REREGISTERED,
    }


def test_an_outcome_whose_time_is_unknown_keeps_its_data() -> None:
    assert due(Outcome(status=ApplicationStatus.REJECTED), PERIODS) is None

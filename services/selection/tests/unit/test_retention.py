"""Until when the panel's feedback on a candidate is kept (domain.retention)."""

import uuid
from datetime import UTC, datetime

from returners_platform.contracts.retention import RetentionPeriods
from returners_platform.contracts.vocabulary import SelectionOutcome
from selection.domain.retention import KeptFeedback, erase_after, is_due

PERIODS = RetentionPeriods(unsuccessful_months=6, withdrawn_months=3, participant_months=24)
RESULTS = datetime(2026, 4, 20, tzinfo=UTC)
WITHDRAWN = datetime(2026, 5, 5, tzinfo=UTC)


def kept(outcome: SelectionOutcome | None, withdrawn_at: datetime | None = None) -> KeptFeedback:
    return KeptFeedback(uuid.uuid4(), outcome, withdrawn_at, RESULTS, PERIODS)


def test_a_rejected_candidates_feedback_is_kept_the_unsuccessful_period_from_the_results() -> None:
    candidate = kept(SelectionOutcome.REJECTED)
    assert erase_after(candidate) == datetime(2026, 10, 20, tzinfo=UTC)
    assert not is_due(candidate, datetime(2026, 10, 19, 23, 59, tzinfo=UTC))
    assert is_due(candidate, datetime(2026, 10, 20, tzinfo=UTC))


def test_a_withdrawn_candidates_feedback_is_kept_the_withdrawn_period_from_the_withdrawal() -> None:
    assert erase_after(kept(SelectionOutcome.SELECTED, WITHDRAWN)) == datetime(
        2026, 8, 5, tzinfo=UTC
    )


def test_a_selected_or_waitlisted_candidates_feedback_waits_for_the_applicants_erasure() -> None:
    far_future = datetime(2040, 1, 1, tzinfo=UTC)
    for outcome in (SelectionOutcome.SELECTED, SelectionOutcome.WAITLISTED, None):
        assert erase_after(kept(outcome)) is None
        assert not is_due(kept(outcome), far_future)

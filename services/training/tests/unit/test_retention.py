"""Until when training keeps a placement's personal data."""

import uuid
from datetime import UTC, datetime

from returners_platform.contracts.retention import RetentionPeriods
from training.domain.retention import KeptPersonalData, erase_after, is_due

AT = datetime(2020, 8, 28, 16, tzinfo=UTC)
PERIODS = RetentionPeriods(participant_months=24, withdrawn_months=6)


def kept(completed: datetime | None, closed: datetime | None) -> KeptPersonalData:
    return KeptPersonalData(uuid.uuid4(), uuid.uuid4(), completed, closed, PERIODS)


def test_a_completed_placements_data_is_kept_for_the_participant_period() -> None:
    assert erase_after(kept(AT, None)) == datetime(2022, 8, 28, 16, tzinfo=UTC)
    assert not is_due(kept(AT, None), datetime(2022, 8, 28, 15, tzinfo=UTC))
    assert is_due(kept(AT, None), datetime(2022, 8, 28, 16, tzinfo=UTC))


def test_a_withdrawn_placements_data_is_kept_for_the_withdrawn_period() -> None:
    assert erase_after(kept(None, AT)) == datetime(2021, 2, 28, 16, tzinfo=UTC)


def test_an_open_placements_data_is_kept() -> None:
    assert erase_after(kept(None, None)) is None
    assert not is_due(kept(None, None), datetime(2099, 1, 1, tzinfo=UTC))

"""Rule 7: the window of rtsw-2020 closed 2020-03-31 23:59:59 Europe/London (BST, +01:00)."""

from datetime import datetime

import pytest

from matching.domain.eligibility import decide
from returners_platform.contracts.vocabulary import EligibilityReason as R
from returners_platform.eligibility import ProgrammeRules

from ..conftest import rtsw_2020, submitted

RTSW_2020 = ProgrammeRules.of(rtsw_2020())


@pytest.mark.parametrize(
    ("submitted_at", "reasons"),
    [
        ("2020-03-31T23:59:59+01:00", ()),  # the last second of the window
        ("2020-03-31T22:59:59+00:00", ()),  # the same instant in UTC
        ("2020-04-01T00:00:00+01:00", (R.WITHIN_WINDOW,)),  # one second later
        ("2020-03-31T23:00:00+00:00", (R.WITHIN_WINDOW,)),  # the same instant in UTC
        ("2020-03-31T23:59:59+00:00", (R.WITHIN_WINDOW,)),  # 00:59:59 BST on 1 April
        ("2020-01-13T00:00:00+00:00", ()),  # the first instant (GMT in January)
        ("2020-01-12T23:59:59+00:00", (R.WITHIN_WINDOW,)),  # a second before it opened
    ],
)
def test_the_window_is_inclusive_to_the_second_in_london_time(
    submitted_at: str, reasons: tuple[R, ...]
) -> None:
    decision = decide(submitted(submitted_at=datetime.fromisoformat(submitted_at)), RTSW_2020)
    assert decision.reasons == reasons
    assert decision.updating_days == (60 if not reasons else None)

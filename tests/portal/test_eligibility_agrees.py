"""The portal's eligibility check before applying gives the same reasons, in the same order,
and the same updating days as the matching service's decision on the sent application, for
any answers and any programme rules (the portal reads the published rules; matching
decides)."""

import uuid
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from matching.domain.eligibility import Band, ProgrammeRules, decide
from portal.domain.eligibility import Rules, check
from returners_platform.contracts.events import ApplicationSubmitted, Preferences
from returners_platform.contracts.events import RegistrationHistory as History

BODIES = st.sampled_from(["HCPC", "SWE", "GSCC", "NISCC", "OTHER", None])


@st.composite
def rules_and_answers(draw: st.DrawFn) -> tuple[ProgrammeRules, Rules, dict, datetime]:  # type: ignore[type-arg]
    starts_on = draw(st.dates(date(2020, 1, 1), date(2030, 1, 1)))
    least = draw(st.none() | st.integers(0, 5))
    most = draw(st.none() | st.integers(5, 15))
    bands = tuple(
        sorted({(y, 10 * (y + 1)) for y in draw(st.lists(st.integers(0, 8), max_size=3))})
    )
    opens = datetime(2019, 1, 1, tzinfo=UTC)
    closes = opens + timedelta(days=draw(st.integers(1, 4000)))
    statutory = draw(st.sampled_from([0, 1, 2, 2.5]))
    matching_rules = ProgrammeRules(
        opens,
        closes,
        starts_on,
        least,
        most,
        statutory,
        tuple(Band(y, d) for y, d in bands),
        frozenset({"HCPC", "SWE", "GSCC", "NISCC"}),
    )
    portal_rules = Rules(
        "t",
        opens,
        closes,
        starts_on,
        least,
        most,
        statutory,
        bands,
        frozenset({"HCPC", "SWE", "GSCC", "NISCC"}),
    )
    answers = {
        "right_to_work_uk": draw(st.booleans()),
        "registration": {
            "body": draw(BODIES),
            "first_registered": None,
            "last_practised": draw(st.dates(date(2000, 1, 1), starts_on)).isoformat(),
            "statutory_practice_years": draw(st.sampled_from([0, 1, 2, 2.5, 6])),
            "currently_practising": draw(st.booleans()),
            "conditions_of_practice": draw(st.booleans()),
        },
    }
    now = opens + timedelta(days=draw(st.integers(-10, 4100)))
    return matching_rules, portal_rules, answers, now


@settings(max_examples=300, deadline=None)
@given(rules_and_answers())
def test_the_portal_check_and_the_matching_decision_agree(
    case: tuple[ProgrammeRules, Rules, dict, datetime],  # type: ignore[type-arg]
) -> None:
    matching_rules, portal_rules, answers, now = case
    submitted = ApplicationSubmitted(
        application_id=uuid.uuid4(),
        programme_id="p",
        submitted_at=now,
        right_to_work_uk=answers["right_to_work_uk"],
        registration=History.model_validate(answers["registration"]),
        preferences=Preferences(regions=["London"], specialisms=["adults"]),
    )
    decision = decide(submitted, matching_rules)
    ours = check(answers, portal_rules, now)
    assert ours.reasons == decision.reasons
    assert ours.updating_days == decision.updating_days

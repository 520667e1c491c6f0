"""The figures the known history (``history.py``) must give, worked out by hand."""

from typing import Any

from .history import COUNCIL_A, COUNCIL_B

REASONS = (
    "previously_registered",
    "statutory_experience",
    "not_currently_practising",
    "time_out_of_practice",
    "no_conditions_of_practice",
    "right_to_work",
    "within_window",
)


def tally(**counts: int) -> dict[str, int]:
    return {reason: counts.get(reason, 0) for reason in REASONS}


def stages(
    submitted: int = 0,
    eligible: int = 0,
    ineligible: int = 0,
    offered: int = 0,
    accepted: int = 0,
    declined: int = 0,
    expired: int = 0,
    hired: int = 0,
    withdrawn: int = 0,
    places_filled: int = 0,
    **reasons: int,
) -> dict[str, Any]:
    return {
        "submitted": submitted,
        "eligible": eligible,
        "ineligible": ineligible,
        "ineligible_by_reason": tally(**reasons),
        "offered": offered,
        "accepted": accepted,
        "declined": declined,
        "expired": expired,
        "hired": hired,
        "withdrawn": withdrawn,
        "places_filled": places_filled,
    }


# The history's programme has no selection: its selection stages are all nought.
NO_SELECTION: dict[str, Any] = {
    "invited": 0,
    "assessed": 0,
    "interviewed": 0,
    "selected": 0,
    "waitlisted": 0,
    "rejected": 0,
    "rejected_by_reason": {
        "assessment_not_taken": 0,
        "assessment_below_pass_mark": 0,
        "did_not_attend": 0,
        "interview_not_completed": 0,
        "interview_below_pass_mark": 0,
    },
}
EXPECTED_FUNNEL = {
    **NO_SELECTION,
    **stages(
        submitted=8,
        eligible=5,
        ineligible=2,
        offered=5,
        accepted=4,
        declined=1,
        expired=1,
        hired=2,
        withdrawn=2,
        places_filled=3,
        time_out_of_practice=1,
        right_to_work=1,
        statutory_experience=1,
    ),
    "places": 5,
}
EXPECTED_BY_REGION = {
    "London": stages(
        submitted=3,
        eligible=1,
        ineligible=1,
        offered=1,
        expired=1,
        withdrawn=1,
        statutory_experience=1,
    ),
    "South East": stages(
        submitted=3, eligible=3, offered=3, accepted=3, declined=1, hired=2, places_filled=3
    ),
    "West Midlands": stages(submitted=1, ineligible=1, time_out_of_practice=1, right_to_work=1),
    "Yorkshire and The Humber": stages(submitted=1, eligible=1, offered=1, accepted=1, withdrawn=1),
}
EXPECTED_BY_SPECIALISM = {
    "children": stages(
        submitted=5,
        eligible=4,
        ineligible=1,
        offered=4,
        accepted=3,
        declined=1,
        expired=1,
        hired=2,
        places_filled=3,
        statutory_experience=1,
    ),
    "adults": stages(
        submitted=3,
        eligible=1,
        ineligible=1,
        offered=1,
        accepted=1,
        withdrawn=2,
        time_out_of_practice=1,
        right_to_work=1,
    ),
}
EXPECTED_BY_BAND = {
    "under_2": stages(submitted=1, ineligible=1, statutory_experience=1),
    "2_to_5": stages(
        submitted=2, eligible=2, offered=2, accepted=1, declined=1, expired=1, places_filled=1
    ),
    "5_to_10": stages(
        submitted=3, eligible=3, offered=3, accepted=3, hired=2, withdrawn=1, places_filled=2
    ),
    "10_plus": stages(submitted=1, ineligible=1, time_out_of_practice=1, right_to_work=1),
    "undecided": stages(submitted=1, withdrawn=1),
}
EXPECTED_BY_COUNCIL = {
    str(COUNCIL_A): {
        "name": "Buckinghamshire Council",
        "vacancies": 1,
        "slots": 3,
        "offered": 3,
        "accepted": 3,
        "declined": 0,
        "expired": 0,
        "hired": 2,
        "withdrawn": 0,
        "places_filled": 3,
    },
    str(COUNCIL_B): {
        "name": "Leeds City Council",
        "vacancies": 1,
        "slots": 2,
        "offered": 3,
        "accepted": 1,
        "declined": 1,
        "expired": 1,
        "hired": 0,
        "withdrawn": 1,
        "places_filled": 0,
    },
}
# days to first offer: 10, 5, 2, 8, 3 -> [2, 3, 5, 8, 10]: median 5, p90 = 8 + 0.6 * 2
# days to hire: 30, 20 -> median 25, p90 = 20 + 0.9 * 10
EXPECTED_TIMINGS = {
    "time_to_offer": {"count": 5, "median_days": 5.0, "p90_days": 9.2},
    "time_to_hire": {"count": 2, "median_days": 25.0, "p90_days": 29.0},
}
EXPECTED_SUBMISSIONS_PER_DAY = [
    {"date": "2020-03-02", "submitted": 2},
    {"date": "2020-03-03", "submitted": 1},
    {"date": "2020-03-04", "submitted": 2},
    {"date": "2020-03-05", "submitted": 2},
    {"date": "2020-04-01", "submitted": 1},  # 23:30 UTC on 31 March is 00:30 BST
]


def outcomes(
    opened: int = 0,
    offers_withdrawn: int = 0,
    started: int = 0,
    completed: int = 0,
    withdrawn: int = 0,
    reregistered: int = 0,
    hired: int = 0,
    completion_rate: float | None = None,
    reregistration_rate: float | None = None,
    median_days_to_complete: float | None = None,
) -> dict[str, Any]:
    return {
        "opened": opened,
        "offers_withdrawn": offers_withdrawn,
        "started": started,
        "completed": completed,
        "withdrawn": withdrawn,
        "reregistered": reregistered,
        "hired": hired,
        "completion_rate": completion_rate,
        "reregistration_rate": reregistration_rate,
        "median_days_to_complete": median_days_to_complete,
    }


WITHDRAWAL_REASONS = (
    "personal_circumstances",
    "health",
    "found_other_work",
    "caring_responsibilities",
    "application_withdrawn",
    "other",
)
CONDITIONS = ("dbs", "identity", "right_to_work", "references")
CONDITION_REASONS = (
    "dbs_disclosure",
    "evidence_not_provided",
    "evidence_not_verified",
    "no_right_to_work",
    "unsatisfactory_reference",
    "reference_not_received",
    "other",
)
HOURS_KINDS = ("placement", "workshop", "coaching", "mentoring", "interview_preparation")


def every(names: tuple[str, ...], zero: Any = 0, **counts: Any) -> dict[str, Any]:
    return {name: counts.get(name, zero) for name in names}


# training_history.TRAINING_EVENTS on top of the history: p1, p3, p5, p6.
# days to complete: p1 116, p3 42 -> median 79; completion 2 / 3 started.
_SOUTH_EAST_OR_A = outcomes(3, 0, 3, 2, 1, 2, 2, 0.6667, 1.0, 79.0)
_YORKSHIRE_OR_B = outcomes(1, 1, 0, 0, 0, 0, 0)
EXPECTED_OUTCOMES: dict[str, Any] = {
    "programme_id": "rtsw-test",
    **outcomes(4, 1, 3, 2, 1, 2, 2, 0.6667, 1.0, 79.0),
    "by_band": {
        "2-5": outcomes(1, 0, 1, 1, 0, 1, 0, 1.0, 1.0, 42.0),
        "5-10": outcomes(3, 1, 2, 1, 1, 1, 2, 0.5, 1.0, 116.0),
    },
    "by_region": {
        "South East": _SOUTH_EAST_OR_A,
        "Yorkshire and The Humber": _YORKSHIRE_OR_B,
    },
    "by_council": {
        str(COUNCIL_A): {"name": "Buckinghamshire Council", **_SOUTH_EAST_OR_A},
        str(COUNCIL_B): {"name": "Leeds City Council", **_YORKSHIRE_OR_B},
    },
    "withdrawals_by_reason": every(WITHDRAWAL_REASONS, caring_responsibilities=1),
    "offers_withdrawn_by_condition": every(CONDITIONS, dbs=1),
    "offers_withdrawn_by_reason": every(CONDITION_REASONS, dbs_disclosure=1),
    "hours_by_kind": every(HOURS_KINDS, 0.0, placement=20.5, workshop=7.0, coaching=3.0),
}

# ... and training_history.EXTRA_EVENTS: p11, p12, p13, p14 as well.
# days to complete: 42, 84, 91, 116 -> median 87.5; completion 4 / 6; re-registered 3 / 4.
_SOUTH_EAST = outcomes(4, 1, 3, 2, 1, 2, 2, 0.6667, 1.0, 79.0)
_LONDON = outcomes(1, 0, 1, 1, 0, 0, 0, 1.0, 0.0, 91.0)
EXPECTED_OUTCOMES_WITH_EXTRA: dict[str, Any] = {
    "programme_id": "rtsw-test",
    **outcomes(8, 2, 6, 4, 2, 3, 3, 0.6667, 0.75, 87.5),
    "by_band": {
        "2-5": outcomes(3, 1, 2, 1, 1, 1, 0, 0.5, 1.0, 42.0),
        "5-10": outcomes(4, 1, 3, 2, 1, 2, 3, 0.6667, 1.0, 100.0),
        "10+": _LONDON,
    },
    "by_region": {
        "London": _LONDON,
        "South East": _SOUTH_EAST,
        "Yorkshire and The Humber": outcomes(3, 1, 2, 1, 1, 1, 1, 0.5, 1.0, 84.0),
    },
    "by_council": {
        str(COUNCIL_A): {"name": "Buckinghamshire Council", **_SOUTH_EAST},
        str(COUNCIL_B): {
            "name": "Leeds City Council",
            **outcomes(4, 1, 3, 2, 1, 1, 1, 0.6667, 0.5, 87.5),
        },
    },
    "withdrawals_by_reason": every(WITHDRAWAL_REASONS, caring_responsibilities=1, health=1),
    "offers_withdrawn_by_condition": every(CONDITIONS, dbs=1, references=1),
    "offers_withdrawn_by_reason": every(
        CONDITION_REASONS, dbs_disclosure=1, reference_not_received=1
    ),
    "hours_by_kind": every(
        HOURS_KINDS, 0.0, placement=27.5, workshop=7.0, coaching=3.0, mentoring=2.0
    ),
}

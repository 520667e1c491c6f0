"""The figures as the services of record hold them, for the reporting service to agree with
(no I/O): the funnel (applications' statuses, matching's offers) and the outcome report
(training's placements, matching's hires, the eligibility decisions' years out)."""

import statistics
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

# The outcome report's bands of time out of practice (reporting's keys), lower bound first
# met from the top; "2-5" and "5-10" are always reported.
BANDS = ((10.0, "10+"), (5.0, "5-10"), (2.0, "2-5"), (0.0, "0-2"))
ALWAYS_REPORTED = ("2-5", "5-10")
# The tallies of the outcome report (every reason or kind, zero or not).
TALLIES = ("withdrawals_by_reason", "offers_withdrawn_by_condition", "hours_by_kind")
RATE_DECIMALS = 4


def funnel(statuses: Sequence[dict[str, Any]], offers: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Applications' statuses for decisions, selection and withdrawals, matching's offers for
    offers and hires."""
    decided = [s["eligibility"] for s in statuses if s["eligibility"] is not None]
    withdrawn = {s["application_id"] for s in statuses if s["status"] == "withdrawn"}
    holding = {o["application_id"] for o in offers if o["status"] in ("accepted", "hired")}
    # an accepted offer withdrawn because a check was not met was accepted all the same
    checked_out = {
        o["application_id"] for o in offers if o.get("withdrawal_reason") == "conditions_not_met"
    }
    return _selection_funnel(statuses) | {
        "submitted": len(statuses),
        "eligible": sum(1 for d in decided if d["eligible"]),
        "ineligible": sum(1 for d in decided if not d["eligible"]),
        "offered": len({o["application_id"] for o in offers}),
        "accepted": len(holding | checked_out),
        "declined": sum(1 for o in offers if o["status"] == "declined"),
        "expired": sum(1 for o in offers if o["status"] == "expired"),
        "hired": sum(1 for o in offers if o["status"] == "hired"),
        "withdrawn": len(withdrawn),
        # reporting's definition: the latest accepted offer holds a place unless the applicant
        # withdrew, even once withdrawn for a check not met (matching gave that slot back)
        "places_filled": len((holding | checked_out) - withdrawn),
    }


def _selection_funnel(statuses: Sequence[dict[str, Any]]) -> dict[str, int]:
    """The selection stages as the applications service shows them to the applicants."""
    selections = [s["selection"] for s in statuses if s["selection"]]
    outcomes = [s["outcome"] for s in selections]
    return {
        "invited": len(selections),
        "assessed": sum(1 for s in selections if s["assessment_score"] is not None),
        "interviewed": sum(
            1 for s in selections if (s["interview"] or {}).get("status") == "attended"
        ),
        "selected": outcomes.count("selected"),
        "waitlisted": outcomes.count("waitlisted"),
        "rejected": outcomes.count("rejected"),
    }


def placement_emails(placement: dict[str, Any] | None) -> int:
    """The emails a placement has sent its returner so far (applications' view of it): its
    checks, each reference received, the start, the completion, the restoration."""
    if placement is None:
        return 0
    references_met = any(
        c["condition"] == "references" and c["status"] == "met" for c in placement["conditions"]
    )
    stage = placement["stage"]
    return int(
        1
        + (2 if references_met else 0)
        + (placement["started_on"] is not None)
        + (placement["completed_on"] is not None)
        + (stage == "reregistered")
        + (stage == "offer_withdrawn")
    )


# -- the outcome report ------------------------------------------------------------------------


def band(years_out: float | None) -> str:
    if years_out is None:
        return "undecided"
    return next(key for lower, key in BANDS if years_out >= lower)


def outcomes(
    placements: Sequence[dict[str, Any]],
    *,
    years_out: dict[str, float | None],
    hired: set[str],
    councils: dict[str, str],
) -> dict[str, Any]:
    """The outcome report of ``placements`` (training's council views, every council's):
    ``years_out`` by application id, ``hired`` the offers hired through (a placement's id is
    its offer's), ``councils`` names by id."""
    bands: dict[str, list[dict[str, Any]]] = {key: [] for key in ALWAYS_REPORTED}
    regions: dict[str, list[dict[str, Any]]] = {}
    by_council: dict[str, list[dict[str, Any]]] = {}
    for p in placements:
        bands.setdefault(band(years_out.get(str(p["application_id"]))), []).append(p)
        regions.setdefault(p["region"], []).append(p)
        by_council.setdefault(str(p["council_id"]), []).append(p)
    hours: dict[str, float] = {}
    for p in placements:
        for kind, n in p["hours_by_kind"].items():
            hours[kind] = hours.get(kind, 0.0) + n
    return {
        **figures(placements, hired),
        "by_band": {key: figures(group, hired) for key, group in bands.items()},
        "by_region": {region: figures(group, hired) for region, group in regions.items()},
        "by_council": {
            council_id: {"name": councils.get(council_id), **figures(group, hired)}
            for council_id, group in by_council.items()
        },
        "withdrawals_by_reason": _tally(p["withdrawal_reason"] for p in placements),
        "offers_withdrawn_by_condition": _tally(
            condition
            for p in placements
            if p["status"] == "offer_withdrawn"
            for condition, c in p["conditions"].items()
            if c["status"] == "not_met"
        ),
        "hours_by_kind": {k: round(n, RATE_DECIMALS) for k, n in hours.items()},
    }


def figures(placements: Sequence[dict[str, Any]], hired: set[str]) -> dict[str, Any]:
    started = [p for p in placements if p["started_on"] is not None]
    completed = [p for p in placements if p["status"] == "completed"]
    reregistered = [p for p in placements if p["reregistered_on"] is not None]
    days = [
        (date.fromisoformat(p["completed_on"]) - date.fromisoformat(p["started_on"])).days
        for p in completed
    ]
    return {
        "opened": len(placements),
        "offers_withdrawn": sum(1 for p in placements if p["status"] == "offer_withdrawn"),
        "started": len(started),
        "completed": len(completed),
        "withdrawn": sum(1 for p in placements if p["status"] == "withdrawn"),
        "reregistered": len(reregistered),
        "hired": sum(1 for p in placements if str(p["placement_id"]) in hired),
        "completion_rate": _rate(len(completed), len(started)),
        "reregistration_rate": _rate(len(reregistered), len(completed)),
        "median_days_to_complete": float(statistics.median(days)) if days else None,
    }


def differences(reported: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    """Where the reported outcome report differs from the expected one: (reported, expected)
    by dotted key. A tally compares its counts above zero; a breakdown, each group."""
    found: dict[str, Any] = {}
    for key, wanted in expected.items():
        got = reported.get(key)
        if key in TALLIES:
            got, wanted = _nonzero(got or {}), _nonzero(wanted)
        if isinstance(wanted, dict) and isinstance(got, dict) and key not in TALLIES:
            for inner, difference in differences(got, wanted).items():
                found[f"{key}.{inner}"] = difference
            for extra in set(got) - set(wanted):
                if key.startswith("by_") and isinstance(got[extra], dict):
                    found[f"{key}.{extra}"] = (got[extra], None)
        elif got != wanted:
            found[key] = (got, wanted)
    return found


def _tally(values: Iterable[str | None]) -> dict[str, int]:
    tally: dict[str, int] = {}
    for value in values:
        if value is not None:
            tally[value] = tally.get(value, 0) + 1
    return tally


def _nonzero(tally: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in tally.items() if v}


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, RATE_DECIMALS) if denominator else None

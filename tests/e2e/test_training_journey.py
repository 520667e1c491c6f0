"""From an accepted offer to re-registration and hire, end to end over HTTP and Kafka (every
service a real process; notifications emails the referees' links to a mail catcher).

Twelve applicants of one programme, out of practice 2 to 5 years (30 days, 210 hours) or
5 to 10 (60 days, 420 hours), for two councils' eleven slots. Each accepted offer opens a
placement in training; the applicants give their referees in the applications service (one,
with no employment in the last three years, a character referee), who answer through the
links notifications emails them; the councils record the checks. One DBS check is not met:
the offer is withdrawn and matching offers its slot to the twelfth applicant, who was
waiting. Hours are logged by the councils (placement days, coaching, mentoring; one entry
corrected; two CSV files, one with a bad row) and by the training provider with its key
(workshops, interview preparation). Placements end and complete at 210 and 420 hours (one
ends short and completes when its last hours come); one returner leaves mid-placement, one
is still on placement. Returners report their restoration to the register through the
applications service (one through operations); councils report hires.

The outcome report equals the one worked out from the history this test drove
(``known_outcomes``), and again after reporting is rebuilt from offset zero with its command.
"""

import asyncio
import uuid
from datetime import timedelta

import httpx
import pytest

from returners_cli.testing.cluster import ProcessCluster
from returners_cli.testing.polling import eventually

from .known_outcomes import expected_outcome_report
from .training_cast import (
    COMPLETES,
    DBS_NOT_MET,
    LEAVES,
    NORTH_WEST,
    ON_PLACEMENT,
    SOUTH_EAST,
    WAITING,
    Applicant,
)
from .training_journey import WAIT, Journey, rebuild_reporting

pytestmark = [pytest.mark.integration, pytest.mark.timeout(900), pytest.mark.long(minutes=1)]


async def test_twelve_applicants_from_accepted_offer_to_reregistration_and_hire(
    cluster: ProcessCluster,
) -> None:
    # Idle connections are dropped after 1 s, before the services' keep-alive (5 s) ends them.
    limits = httpx.Limits(keepalive_expiry=1.0)
    async with httpx.AsyncClient(timeout=30, limits=limits) as http:
        j = Journey(http, cluster, f"training-{uuid.uuid4().hex[:10]}")
        await j.publish_programme()
        await j.submit_everyone()
        placed = await _offers_and_checks(j)
        await _hours_and_completion(j, placed)
        await _reregistration_and_hires(j, placed)
        await _outcome_report(j)


async def _offers_and_checks(j: Journey) -> list[Applicant]:
    """Eleven offers accepted; one DBS check not met and its slot re-offered and accepted;
    references and checks met for the other eleven placements. Those eleven."""
    waiting = j.people[WAITING]
    first = [a for a in j.people if a is not waiting]
    vacancies = await j.post_vacancies()
    await j.all_reach(first, lambda v: v["status"] == "offered", "the first eleven offers")
    assert (await j.status(waiting))["offers"] == [], "no slot is left for the twelfth"
    await asyncio.gather(*(j.accept(a, vacancies[a.plan.bucket]) for a in first))

    # One DBS check not met: the offer is withdrawn, and its slot offered to the twelfth.
    [failed] = [a for a in j.people if a.plan.fate == DBS_NOT_MET]
    await j.check(failed, "identity", "met")
    await j.check(failed, "right_to_work", "met")
    closed = await j.check(failed, "dbs", "not_met", "dbs_disclosure")
    assert closed["status"] == "offer_withdrawn", closed
    failed.placement.offer_withdrawn = ("dbs", "dbs_disclosure")
    [seen] = await j.all_reach(
        [failed], lambda v: v["status"] == "offer_withdrawn", "the withdrawal shown"
    )
    assert seen["placement"]["offer_withdrawal"]["condition"] == "dbs"
    await j.all_reach([waiting], lambda v: v["status"] == "offered", "the slot re-offered")
    await j.accept(waiting, vacancies[NORTH_WEST])  # the withdrawn offer's vacancy
    offers = await j.call(
        "GET",
        f"{j.matching}/councils/{failed.council.council_id}/offers",
        headers=failed.council.key,
    )
    by_applicant = {o["application_id"]: o for o in offers}
    assert by_applicant[failed.application_id]["status"] == "withdrawn"
    assert by_applicant[failed.application_id]["withdrawal_reason"] == "conditions_not_met"
    assert by_applicant[waiting.application_id]["status"] == "accepted"

    # References through the emailed one-time links; the councils' checks.
    placed = [a for a in j.people if a is not failed]
    for a in placed:
        await j.give_referees(a)
    await j.referees_answer(placed)
    for a in placed:
        if a.n == 2:  # one DBS certificate comes late
            assert (await j.check(a, "dbs", "pending"))["status"] == "awaiting_conditions"
        for condition in ("dbs", "identity", "right_to_work"):
            await j.check(a, condition, "met")
    await j.placements_reach(placed, lambda p: p["status"] == "ready", "every condition met")
    for a in placed:  # the references from the referees' answers, not the councils
        assert (await j.placement(a))["conditions"]["references"]["status"] == "met"
    return placed


async def _hours_and_completion(j: Journey, placed: list[Applicant]) -> None:
    """Starts; hours by the provider and the councils (a correction, two files, one with a
    bad row); ends and completions at 210 and 420 hours; a withdrawal mid-placement."""
    for a in placed:
        started = await j.council_call(
            a, "POST", "/start", json={"starts_on": a.starts_on.isoformat()}
        )
        assert started["status"] == "started", started
        a.placement.started_on = a.starts_on
    for a in placed:
        await j.log(a, a.starts_on, 7, "workshop")
        if a.plan.fate == ON_PLACEMENT:
            await j.log(a, a.day(2), 3.5, "coaching")
        if a.plan.fate != COMPLETES:
            continue
        await j.log(a, a.day(7), 7, "workshop")
        if a.plan.corrected:  # ten hours logged for a seven-hour session, then corrected
            wrong = await j.log(a, a.day(2), 10, "coaching")
            await j.log(a, a.day(2), 7, "coaching", supersedes=wrong)
            coaching = (await j.placement(a))["hours_by_kind"]["coaching"]
            assert coaching == 7, "a correction takes the entry's place, never adds to it"
        else:
            await j.log(a, a.day(2), 7, "coaching")
        await j.log(a, a.day(3), 7, "mentoring")
        if not a.plan.ends_short:
            await j.log(a, a.day(a.placement_days - 1), 7, "interview_preparation")
    for bucket, council in j.councils.items():
        rows = [
            (a, a.day(d), 7.0, "placement")
            for a in placed
            if a.plan.bucket == bucket
            for d in range(a.placement_days)
        ]
        await j.hours_file(council, rows, bad=40 if bucket == SOUTH_EAST else None)

    for a in placed:
        if a.plan.fate == LEAVES:
            body = {"reason": "caring_responsibilities"}
            left = await j.council_call(a, "POST", "/withdraw", json=body)
            assert left["status"] == "withdrawn", left
            a.placement.withdrawal_reason = "caring_responsibilities"
        if a.plan.fate != COMPLETES:
            continue
        body = {"ended_on": a.ended_on.isoformat(), "signed_off_by": "Principal social worker"}
        ended = await j.council_call(a, "POST", "/end", json=body)
        if a.plan.ends_short:  # its last hours come after the end, dated within it
            assert (ended["status"], ended["hours_logged"]) == ("ended", a.required_hours - 7)
            await j.log(a, a.ended_on, 7, "interview_preparation")
            ended = await j.placement(a)
        assert ended["status"] == "completed", ended
        assert ended["hours_logged"] == ended["hours_required"] == a.required_hours
        assert ended["completed_on"] == a.ended_on.isoformat()
        a.placement.completed_on = a.ended_on


async def _reregistration_and_hires(j: Journey, placed: list[Applicant]) -> None:
    """Restorations reported by the returners through applications (one by operations to
    training): restored, pending, refused; then the councils' hires."""
    reporters = [a for a in placed if a.plan.reregistration]
    await j.all_reach(
        reporters, lambda v: v["placement"]["stage"] == "completed", "completion shown to them"
    )
    for a in reporters:
        completed_on = a.placement.completed_on
        assert completed_on is not None
        body = {
            "applied_on": (completed_on + timedelta(days=5)).isoformat(),
            "decision": a.plan.reregistration,
        }
        if a.plan.reregistration != "pending":
            body["decided_on"] = (completed_on + timedelta(days=40)).isoformat()
        if a.plan.by_operations:
            url = f"{j.training}/admin/placements/{a.application_id}/reregistration"
            await j.call("POST", url, json=body, headers=j.ops)
        else:
            url = f"{j.applications}/applications/{a.application_id}/reregistration"
            await j.call("POST", url, 201, json=body, headers=a.auth)
    await j.placements_reach(
        reporters, lambda p: p["reregistration"] is not None, "training to record each report"
    )
    for a in reporters:
        view = await j.placement(a)
        reported_by = "operations" if a.plan.by_operations else "returner"
        assert view["reregistration"]["decision"] == a.plan.reregistration, view
        assert view["reregistration"]["reported_by"] == reported_by, view
        a.placement.reregistered = view["reregistered_on"] is not None
        assert a.placement.reregistered == (a.plan.reregistration == "restored")

    for a in placed:
        if a.plan.hired:
            url = f"{j.matching}/councils/{a.council.council_id}/hires"
            body = {"application_id": a.application_id}
            await j.call("POST", url, 201, json=body, headers=a.council.key)
            a.placement.hired = True


async def _outcome_report(j: Journey) -> None:
    """The report equals the known history's figures, live and after a rebuild from zero."""
    known = [a.placement for a in j.people if a.opened is not None]
    names = {c.council_id: c.name for c in j.councils.values()}
    expected = expected_outcome_report(j.programme_id, known, names)
    assert (expected["opened"], expected["started"], expected["completed"]) == (12, 11, 9)
    assert expected["by_band"]["2-5"]["completed"] == 5
    assert expected["by_band"]["5-10"]["completed"] == 4
    try:
        await eventually(
            j.outcome_report, until=lambda r: r == expected, timeout=WAIT, what="the report"
        )
    finally:
        assert await j.outcome_report() == expected  # (shows the difference if it never came)

    replayed = await rebuild_reporting(j.cluster)
    assert replayed >= sum(len(p.entries) for p in known), "every hours.logged at least"
    assert await j.outcome_report() == expected

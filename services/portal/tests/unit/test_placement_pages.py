"""The placement on the applicant's status page (its checks, the hours so far against the
requirement, its dates, the new statuses in plain words) and, once it is completed, the form
that tells us about the returner's restoration to the register. The applications service is a
fake."""

from datetime import date
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from portal.api.session import Session
from portal.applications_api import Refused
from portal.domain.reregistration import report_of

from .test_signed_in_pages import CSRF, FakeApplications, _app, _client, _session_written

SIGNED_IN = Session(csrf=CSRF, kind="application", target_id="a1", token="rts_token")
TODAY = date(2030, 4, 20)  # the fake clock's day


def _condition(condition: str, status: str, reason: str | None = None) -> dict[str, Any]:
    return {"condition": condition, "status": status, "reason": reason, "recorded_at": None}


def _placement(stage: str, **more: Any) -> dict[str, Any]:
    return {
        "placement_id": "p1",
        "council_id": "c1",
        "stage": stage,
        "starts_on": "2030-01-06",
        "updating_days": 30,
        "conditions": [_condition(c, "met") for c in ("dbs", "identity", "right_to_work")],
        "conditions_met_at": None,
        "offer_withdrawal": None,
        "started_on": None,
        "hours": None,
        "completed_on": None,
        "withdrawn_at": None,
        "withdrawal_reason": None,
        "reregistration": None,
        **more,
    }


def _application(status: str, placement: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "application_id": "a1",
        "programme_id": "rtsw-open",
        "status": status,
        "submitted_at": "2029-11-02T10:00:00+00:00",
        "eligibility": {"eligible": True, "reasons": [], "updating_days": 30},
        "offers": [],
        "timeline": [{"type": "placement_started", "at": "2030-01-06T09:00:00+00:00"}],
        "selection": None,
        "references": [],
        "personal_data_erased": False,
        "placement": placement,
    }


HOURS = {"logged": 84, "required": 210, "remaining": 126, "days_logged": 12, "by_kind": None}
STARTED = _placement("started", started_on="2030-01-06", hours=HOURS)
COMPLETED = _placement(
    "completed",
    started_on="2030-01-06",
    completed_on="2030-03-20",
    hours={**HOURS, "logged": 214, "remaining": 0, "days_logged": 30.6},
)


class ReportingApplications(FakeApplications):
    """An application the returner reports their restoration on; ``refusing`` is what the
    service answers instead (a Refused), if anything."""

    refusing: Refused | None = None

    async def report_reregistration(
        self, application_id: str, token: str, body: dict[str, Any]
    ) -> dict[str, Any] | None:
        self.asked.append(("report_reregistration", application_id, token, body))
        if self.refusing is not None:
            raise self.refusing
        return self.found


def _signed_in(application: dict[str, Any]) -> tuple[FastAPI, httpx.AsyncClient]:
    app = _app(None)
    app.state.api = ReportingApplications(application)
    return app, _client(app, SIGNED_IN)


def _form(**fields: str) -> dict[str, str]:
    return {"csrf_token": CSRF, **fields}


APPLIED = {"applied_on-day": "2", "applied_on-month": "4", "applied_on-year": "2030"}
DECIDED = {"decided_on-day": "16", "decided_on-month": "4", "decided_on-year": "2030"}


async def test_a_placement_under_way_shows_its_checks_hours_so_far_and_start_in_plain_words() -> (
    None
):
    _, client = _signed_in(_application("in_placement", STARTED))
    page = (await client.get("/application")).text
    assert "On placement" in page
    assert "DBS check" in page
    assert "Right to work check" in page
    assert page.count(">Done</strong>") == 3
    assert "84 of 210 hours (12 of 30 days)" in page
    assert "6 January 2030" in page
    assert "You started your placement" in page
    assert "Tell us about your restoration to the register" not in page


async def test_a_check_not_met_shows_why_and_the_offer_withdrawn() -> None:
    withdrawn = _placement(
        "offer_withdrawn",
        conditions=[
            _condition("dbs", "not_met", "dbs_disclosure"),
            _condition("identity", "pending"),
        ],
        offer_withdrawal={
            "reason": "conditions_not_met",
            "condition": "dbs",
            "condition_reason": "dbs_disclosure",
            "withdrawn_at": "2030-01-03T12:00:00+00:00",
        },
    )
    _, client = _signed_in(_application("offer_withdrawn", withdrawn))
    page = (await client.get("/application")).text
    assert "Placement offer withdrawn" in page
    assert "Not met" in page
    assert "Not done yet" in page
    assert "Your DBS check showed something" in page
    assert "3 January 2030" in page
    assert 'id="hours"' not in page


async def test_a_completed_placement_asks_about_the_restoration_to_the_register() -> None:
    _, client = _signed_in(_application("completed", COMPLETED))
    page = (await client.get("/application")).text
    assert "Placement completed" in page
    assert "20 March 2030" in page
    assert "214 of 210 hours (30.6 of 30 days)" in page
    assert 'href="/application/reregistration"' in page
    form = await client.get("/application/reregistration")
    assert form.status_code == 200
    assert 'name="decision"' in form.text
    assert 'value="pending"' in form.text
    assert f'value="{CSRF}"' in form.text


async def test_a_report_is_sent_to_the_applications_service_and_the_status_page_follows() -> None:
    app, client = _signed_in(_application("completed", COMPLETED))
    sent = await client.post(
        "/application/reregistration", data=_form(**APPLIED, decision="restored", **DECIDED)
    )
    assert (sent.status_code, sent.headers["location"]) == (303, "/application")
    assert app.state.api.asked[-1] == (
        "report_reregistration",
        "a1",
        "rts_token",
        {"applied_on": "2030-04-02", "decision": "restored", "decided_on": "2030-04-16"},
    )
    written = _session_written(app, sent)
    assert written is not None
    assert (written.flash or "").startswith("Thank you for telling us")


async def test_an_incomplete_report_is_shown_again_with_its_errors_and_not_sent() -> None:
    app, client = _signed_in(_application("completed", COMPLETED))
    answered = await client.post(
        "/application/reregistration", data=_form(**APPLIED, decision="refused")
    )
    assert answered.status_code == 422
    assert "There is a problem" in answered.text
    assert 'href="#decided_on-day"' in answered.text
    assert "Enter the date the regulator made its decision" in answered.text
    assert 'value="2"' in answered.text  # what was entered is kept
    assert [a for a in app.state.api.asked if a[0] == "report_reregistration"] == []


async def test_the_services_field_errors_show_on_the_form_and_a_refusal_goes_to_the_status() -> (
    None
):
    app, client = _signed_in(_application("completed", COMPLETED))
    app.state.api.refusing = Refused(
        422,
        "decided_on is before applied_on",
        [{"field": "decided_on", "message": "decided_on is before applied_on"}],
    )
    answered = await client.post(
        "/application/reregistration", data=_form(**APPLIED, decision="restored", **DECIDED)
    )
    assert answered.status_code == 422
    assert 'href="#decided_on-day"' in answered.text
    assert "must be the same as or after the date you applied" in answered.text
    app.state.api.refusing = Refused(409, "a restoration was reported already")
    answered = await client.post(
        "/application/reregistration", data=_form(**APPLIED, decision="restored", **DECIDED)
    )
    assert (answered.status_code, answered.headers["location"]) == (303, "/application")


async def test_a_pending_decision_may_be_reported_again_and_a_restoration_is_final() -> None:
    pending = {"applied_on": "2030-04-02", "decision": "pending", "decided_on": None}
    _, client = _signed_in(_application("completed", {**COMPLETED, "reregistration": pending}))
    page = (await client.get("/application")).text
    assert "Waiting for a decision" in page
    assert 'href="/application/reregistration"' in page
    restored = {**pending, "decision": "restored", "decided_on": "2030-04-16"}
    _, client = _signed_in(_application("completed", {**COMPLETED, "reregistration": restored}))
    page = (await client.get("/application")).text
    assert "Restored</strong> on 16 April 2030" in page
    assert 'href="/application/reregistration"' not in page
    form = await client.get("/application/reregistration")
    assert (form.status_code, form.headers["location"]) == (303, "/application")


@pytest.mark.parametrize(
    ("form", "errors"),
    [
        ({}, ["applied_on-day", "decision"]),
        ({**APPLIED, "decision": "restored"}, ["decided_on-day"]),
        ({**APPLIED, "decision": "refused", **DECIDED, "decided_on-day": "1"}, ["decided_on-day"]),
        ({**APPLIED, "applied_on-year": "2031", "decision": "pending"}, ["applied_on-day"]),
        ({**APPLIED, "applied_on-month": "13", "decision": "pending"}, ["applied_on-day"]),
    ],
)
def test_a_report_needs_the_date_applied_a_decision_and_a_date_once_decided(
    form: dict[str, str], errors: list[str]
) -> None:
    body, found = report_of({k: [v] for k, v in form.items()}, TODAY)
    assert (body, [target for target, _ in found]) == ({}, errors)


def test_a_pending_report_sends_no_decision_date_even_if_one_was_entered() -> None:
    form = {**APPLIED, "decision": "pending", **DECIDED}
    body, errors = report_of({k: [v] for k, v in form.items()}, TODAY)
    assert (body, errors) == (
        {"applied_on": "2030-04-02", "decision": "pending", "decided_on": None},
        [],
    )

"""The applicant's application: status and timeline, the eligibility decision with its
reasons, offers to accept or decline (each with a confirmation step), the placement (its
checks, hours so far, dates) and, once completed, the returner's report of their restoration
to the register, withdrawing, and deleting their personal data (with a confirmation page)."""

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from portal.api.deps import ApiDep, ClockDep, FormDep, SessionDep, redirect, render
from portal.api.pages import (
    ApplicationDep,
    OpenedApplicationDep,
    ask_applications,
    errors_by_field,
    load_application,
    not_found,
    opened_application,
    session_ended,
    signed_in_application,
)
from portal.applications_api import Refused
from portal.domain import reregistration, wording
from portal.domain.interview import interview_of

router = APIRouter(prefix="/application", include_in_schema=False)


@router.get("")
async def status(
    request: Request, session: SessionDep, api: ApiDep, application: ApplicationDep
) -> Response:
    eligibility = application["eligibility"]
    programme = await api.programme(application["programme_id"])
    return render(
        request,
        session,
        "application.html",
        application=application,
        programme_title=programme["title"] if programme else application["programme_id"],
        state=wording.STATUS.get(application["status"], (application["status"], "grey")),
        reasons=[wording.reason(r) for r in (eligibility or {}).get("reasons", [])],
        open_offers=[o for o in application["offers"] if o["status"] == "offered"],
        other_offers=[o for o in application["offers"] if o["status"] != "offered"],
        step=wording.step,
        specialism=wording.SPECIALISM,
        may_withdraw=application["status"] not in ("withdrawn", "hired"),
        selection=application.get("selection"),
        interview=interview_of(application.get("selection")),
        selection_reasons=[
            wording.selection_reason(r)
            for r in (application.get("selection") or {}).get("reasons", [])
        ],
        slot_refusal=wording.slot_refusal,
        reference_names=wording.REFERENCES,
        reference_status=wording.REFERENCE_STATUS,
        placement=application.get("placement"),
        may_report_restoration=may_report_restoration(application),
        conditions=wording.CONDITIONS,
        condition_status=wording.CONDITION_STATUS,
        condition_not_met=wording.condition_not_met,
        placement_withdrawal=wording.PLACEMENT_WITHDRAWAL,
        decision_status=wording.DECISION_STATUS,
        hours=wording.hours,
    )


def may_report_restoration(application: dict[str, Any]) -> bool:
    """Once the placement is completed, until a restoration is reported (it is final)."""
    placement = application.get("placement") or {}
    reported = placement.get("reregistration") or {}
    return (
        application["status"] == "completed"
        and placement.get("stage") == "completed"
        and reported.get("decision") != "restored"
    )


@router.get("/reregistration")
async def reregistration_form(
    request: Request, session: SessionDep, application: ApplicationDep
) -> Response:
    if not may_report_restoration(application):
        return redirect(request, session, "/application")
    reported = (application.get("placement") or {}).get("reregistration") or {}
    values: dict[str, Any] = {"decision": reported.get("decision") or ""}
    if reported.get("applied_on"):
        applied = date.fromisoformat(reported["applied_on"])
        values["applied_on"] = {"day": applied.day, "month": applied.month, "year": applied.year}
    return _reregistration_page(request, session, values, [])


@router.post("/reregistration")
async def report_reregistration(
    request: Request,
    session: SessionDep,
    form: FormDep,
    opened: OpenedApplicationDep,
    api: ApiDep,
    clock: ClockDep,
) -> Response:
    values = reregistration.values_of(form)
    body, errors = reregistration.report_of(form, clock().date())
    if errors:
        return _reregistration_page(request, session, values, errors, status=422)
    try:
        reported = await api.report_reregistration(*opened, body)
    except Refused as refused:
        if refused.status == 409:  # no completed placement, or a restoration reported already
            return redirect(request, session, "/application")
        errors = reregistration.form_errors(refused.errors)
        return _reregistration_page(request, session, values, errors, status=422)
    if reported is None:
        return session_ended(request, session)
    session.flash = "Thank you for telling us about your restoration to the register"
    return redirect(request, session, "/application")


def _reregistration_page(
    request: Request,
    session: SessionDep,
    values: dict[str, Any],
    errors: list[tuple[str, str]],
    status: int = 200,
) -> Response:
    return render(
        request,
        session,
        "reregistration.html",
        status=status,
        values=values,
        errors=errors,
        field_errors=errors_by_field(errors),
        decisions=list(wording.DECISIONS.items()),
    )


def _offer(application: dict[str, Any], offer_id: str) -> dict[str, Any] | None:
    return next((o for o in application["offers"] if o["offer_id"] == offer_id), None)


@router.get("/offers/{offer_id}/{answer}")
async def confirm_answer(
    request: Request, offer_id: str, answer: str, session: SessionDep, api: ApiDep
) -> Response:
    if answer not in ("accept", "decline"):
        return not_found(request, session)
    application = await load_application(api, session)
    if application is None:
        return session_ended(request, session)
    offer = _offer(application, offer_id)
    if offer is None or offer["status"] != "offered":
        return not_found(request, session)
    return render(
        request,
        session,
        "offer_confirm.html",
        offer=offer,
        answer=answer,
        specialism=wording.SPECIALISM,
    )


@router.post("/offers/{offer_id}/{answer}")
async def answer_offer(
    request: Request, offer_id: str, answer: str, session: SessionDep, form: FormDep, api: ApiDep
) -> Response:
    opened = opened_application(session)
    if answer not in ("accept", "decline") or opened is None:
        return not_found(request, session)
    return await ask_applications(
        request,
        session,
        api.answer_offer(*opened, offer_id, accept=answer == "accept"),
        refused="offer_closed.html",
        done="You accepted the placement" if answer == "accept" else "You declined the placement",
    )


@router.get("/withdraw", dependencies=[Depends(signed_in_application)])
async def confirm_withdraw(request: Request, session: SessionDep) -> Response:
    return render(request, session, "withdraw.html")


@router.post("/withdraw")
async def withdraw(
    request: Request, session: SessionDep, form: FormDep, opened: OpenedApplicationDep, api: ApiDep
) -> Response:
    return await ask_applications(
        request,
        session,
        api.withdraw(*opened),
        refused="cannot_withdraw.html",
        done="You withdrew your application",
    )


@router.get("/delete", dependencies=[Depends(signed_in_application)])
async def confirm_delete(request: Request, session: SessionDep) -> Response:
    return render(request, session, "delete.html")


@router.post("/delete")
async def delete(
    request: Request, session: SessionDep, form: FormDep, opened: OpenedApplicationDep, api: ApiDep
) -> Response:
    if not await api.erase(*opened):
        return session_ended(request, session)
    await api.sign_out(opened[1])
    return redirect(request, session.renewed(), "/application/deleted")


@router.get("/deleted")
async def deleted(request: Request, session: SessionDep) -> Response:
    return render(request, session, "deleted.html")

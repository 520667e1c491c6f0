"""Signing in by an emailed one-time link, and signing out.

Asking for a link answers the same page whether or not the address is known (the
applications service does the same work either way), and each browser address may ask
``sign_in_requests_per_minute`` times a minute. The emailed link opens a page with a button:
the link is spent by a POST, so a mail scanner that follows links cannot spend it. Signing
in replaces the whole cookie (a new CSRF token): no session fixation.
"""

from fastapi import APIRouter, Request, Response

from portal import metrics
from portal.api.deps import ApiDep, FormDep, SessionDep, redirect, render
from portal.api.pages import email_form_again
from portal.api.rate_limit import allowed
from portal.applications_api import Refused
from portal.domain.questions import email_of

router = APIRouter(include_in_schema=False)


@router.get("/sign-in")
async def sign_in(request: Request, session: SessionDep, ended: str | None = None) -> Response:
    return render(request, session, "sign_in.html", email="", ended=bool(ended))


@router.post("/sign-in")
async def ask_for_link(
    request: Request, session: SessionDep, form: FormDep, api: ApiDep
) -> Response:
    email, error = email_of(form, missing="Enter your email address")
    if error:
        return email_form_again(request, session, "sign_in.html", email, error)
    if not await allowed(request):
        metrics.SIGN_IN_LINKS.labels("limited").inc()
        return render(request, session, "too_many.html", status=429)
    try:
        await api.ask_for_sign_in_link(email)
    except Refused:
        return email_form_again(request, session, "sign_in.html", email)
    metrics.SIGN_IN_LINKS.labels("requested").inc()
    return redirect(request, session, "/sign-in/check-your-email")


@router.get("/sign-in/check-your-email")
async def check_your_email(request: Request, session: SessionDep) -> Response:
    return render(request, session, "check_your_email.html")


@router.get("/sign-in/{link_token}")
async def link(request: Request, link_token: str, session: SessionDep) -> Response:
    return render(request, session, "sign_in_link.html", link_token=link_token)


@router.post("/sign-in/continue")
async def continue_with_link(
    request: Request, session: SessionDep, form: FormDep, api: ApiDep
) -> Response:
    link_token = (form.get("link_token") or [""])[0]
    opened = await api.exchange(link_token) if link_token else None
    if opened is None:
        metrics.SIGN_IN_LINKS.labels("refused").inc()
        return render(request, session, "link_not_valid.html", status=410)
    metrics.SIGN_IN_LINKS.labels("used").inc()
    if session.token:  # a session this browser held before: closed, not carried over
        await api.sign_out(session.token)
    kind = opened["kind"]
    target = opened["application_id"] if kind == "application" else opened["draft_id"]
    fresh = session.renewed(kind=kind, target_id=target, token=opened["session_token"])
    return redirect(request, fresh, "/application" if kind == "application" else "/apply")


@router.get("/sign-out")
async def confirm_sign_out(request: Request, session: SessionDep) -> Response:
    return render(request, session, "sign_out.html")


@router.post("/sign-out")
async def sign_out(request: Request, session: SessionDep, form: FormDep, api: ApiDep) -> Response:
    if session.token:
        await api.sign_out(session.token)
    return redirect(request, session.renewed(), "/signed-out")


@router.get("/signed-out")
async def signed_out(request: Request, session: SessionDep) -> Response:
    return render(request, session, "signed_out.html")

"""Signing in by an emailed one-time link: ask for one (the same answer whether or not the
address is known), exchange it for a session, sign out."""

from fastapi import APIRouter, Response, status

from applications.api.deps import ApplicantToken, SettingsDep, UnitOfWorkDep
from applications.api.rate_limit import SignInRateLimit
from applications.api.schemas import LinkExchange, LinkRequested, SessionOpened, SignInLinkRequest
from applications.use_cases import sign_in
from applications.use_cases.sessions import close_session
from returners_platform.service.auth import unauthenticated

router = APIRouter(tags=["sign-in"])


@router.post(
    "/sign-in-links",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=LinkRequested,
    responses={429: {"description": "Too many requests from this client"}},
    dependencies=[SignInRateLimit],
    summary="Email a one-time sign-in link (the answer never says whether the address is known)",
)
async def ask_for_link(
    body: SignInLinkRequest, uow: UnitOfWorkDep, settings: SettingsDep
) -> LinkRequested:
    await sign_in.ask_for_link(uow, str(body.email), settings.lifetimes.link)
    return LinkRequested()


@router.post(
    "/sign-in-links/exchange",
    response_model=SessionOpened,
    responses={404: {"description": "The link is unknown, expired or already used"}},
    summary="Spend a one-time link for a session of its application or draft",
)
async def exchange(body: LinkExchange, uow: UnitOfWorkDep, settings: SettingsDep) -> SessionOpened:
    return SessionOpened.of(await sign_in.exchange(uow, body.token, settings.lifetimes.session))


@router.delete(
    "/sessions/current",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={401: {"description": "No session token, or one that opens no session"}},
    summary="Sign out: the session token opens nothing any more",
)
async def sign_out(uow: UnitOfWorkDep, token: ApplicantToken) -> Response:
    if not await close_session(uow, token):
        raise unauthenticated("a session token")
    return Response(status_code=status.HTTP_204_NO_CONTENT)

"""Sign-in links: asked for with an address (the same answer whether or not we know it),
issued to notifications when it sends the email, exchanged once by the portal for a session.

No address and no token ever travels in an event: ``sign_in_link.requested`` carries the
request's id, and notifications asks ``issue_link`` for the address and a fresh token at the
moment it sends.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from applications import metrics
from applications.domain.sign_in import WINDOW, Purpose, Target, may_send, usable
from applications.store import applications, contacts, drafts, sign_in_links
from applications.store.sign_in_links import SignInLink
from applications.use_cases.sessions import OpenedSession, open_session
from returners_platform.contracts.events import SignInLinkRequested
from returners_platform.errors import NotFound
from returners_platform.messaging.unit_of_work import UnitOfWork
from returners_platform.service.auth import new_random_token, token_hash

LINK_NOT_VALID = "this link has expired or has already been used"
NOTHING_TO_SEND = "no link to send for this request"


@dataclass(frozen=True)
class IssuedLink:
    """What notifications writes: to whom, why, and the link's token (shown only here)."""

    purpose: Purpose
    programme_id: str
    email: str
    given_name: str | None
    family_name: str | None
    link_token: str
    expires_at: datetime


async def ask_for_link(uow: UnitOfWork, email: str, lifetime: timedelta) -> None:
    """A link to the latest application with this address, else to its latest draft; the
    same work is done (a request recorded, an event published) when there is neither."""
    now = uow.now()
    target = None
    if application_id := await contacts.latest_application_for_email(uow, email):
        target = Target(application_id=application_id)
    elif draft_id := await drafts.latest_for_email(uow, email, now):
        target = Target(draft_id=draft_id)
    await record_request(uow, target, lifetime)


async def record_request(uow: UnitOfWork, target: Target | None, lifetime: timedelta) -> UUID:
    """Record a request for a link to ``target`` (None: nobody) and publish
    ``sign_in_link.requested``; beyond the limit for one target, the request opens nothing."""
    now = uow.now()
    if target is not None:
        recent = await sign_in_links.requested_since(
            uow,
            application_id=target.application_id,
            draft_id=target.draft_id,
            since=now - WINDOW,
        )
        if not may_send(recent):
            target = None
            metrics.SIGN_IN_LINKS.labels("over_limit").inc()
    request_id = uuid.uuid4()
    await sign_in_links.insert(
        uow,
        SignInLink(
            sign_in_request_id=request_id,
            application_id=target.application_id if target else None,
            draft_id=target.draft_id if target else None,
            requested_at=now,
            expires_at=now + lifetime,
            used_at=None,
        ),
    )
    await uow.publish(SignInLinkRequested(sign_in_request_id=request_id, requested_at=now))
    metrics.SIGN_IN_LINKS.labels("requested").inc()
    return request_id


async def issue_link(uow: UnitOfWork, request_id: UUID) -> IssuedLink:
    """A fresh token for the request's link and where to send it (a later call replaces the
    token: only the latest email works). NotFound when there is nothing to send: nobody's
    address, an expired or used link, an erased applicant, a draft gone."""
    now = uow.now()
    link = await sign_in_links.locked(uow, request_id)
    if link is None or not usable(link.expires_at, link.used_at, now):
        raise NotFound(NOTHING_TO_SEND)
    issued = await _recipient(uow, link, now)
    await sign_in_links.set_token(uow, request_id, token_hash(issued.link_token), now)
    metrics.SIGN_IN_LINKS.labels("issued").inc()
    return issued


async def _recipient(uow: UnitOfWork, link: SignInLink, now: datetime) -> IssuedLink:
    token = new_random_token("rtl")
    if link.application_id is not None:
        application = await applications.locked(uow, link.application_id)
        contact = await contacts.of_application(uow, link.application_id)
        if application is not None and contact is not None:
            return IssuedLink(
                Purpose.SIGN_IN,
                application.programme_id,
                contact.email,
                contact.given_name,
                contact.family_name,
                token,
                link.expires_at,
            )
    if link.draft_id is not None:
        draft = await drafts.live(uow, link.draft_id, now)
        if draft is not None and draft.email:
            named = draft.answers.get("contact") or {}
            return IssuedLink(
                Purpose.RESUME,
                draft.programme_id,
                draft.email,
                named.get("given_name"),
                named.get("family_name"),
                token,
                link.expires_at,
            )
    raise NotFound(NOTHING_TO_SEND)


async def exchange(uow: UnitOfWork, link_token: str, lifetime: timedelta) -> OpenedSession:
    """Spend a link (and every other unused link to the same application or draft) for a new
    session; NotFound if it is unknown, expired or used."""
    now = uow.now()
    link = await sign_in_links.locked_by_token(uow, token_hash(link_token))
    if link is None or not usable(link.expires_at, link.used_at, now):
        raise NotFound(LINK_NOT_VALID)
    target = Target(application_id=link.application_id, draft_id=link.draft_id)
    if target.draft_id is not None and await drafts.live(uow, target.draft_id, now) is None:
        raise NotFound(LINK_NOT_VALID)
    await sign_in_links.use_every_link_of(
        uow, application_id=target.application_id, draft_id=target.draft_id, at=now
    )
    metrics.SIGN_IN_LINKS.labels("used").inc()
    return await open_session(uow, target, lifetime)

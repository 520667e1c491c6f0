"""Applicant sessions: opened by a sign-in link, a new draft or a sent draft; closed on
sign-out. The portal holds the token (in its encrypted cookie); we keep its hash."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from applications.domain.sign_in import Target
from applications.store import sessions
from returners_platform.messaging.unit_of_work import UnitOfWork
from returners_platform.service.auth import new_random_token, token_hash


@dataclass(frozen=True)
class OpenedSession:
    target: Target
    token: str
    expires_at: datetime


async def open_session(uow: UnitOfWork, target: Target, lifetime: timedelta) -> OpenedSession:
    now = uow.now()
    token = new_random_token("rts")
    await sessions.insert(
        uow,
        token_hash(token),
        application_id=target.application_id,
        draft_id=target.draft_id,
        now=now,
        expires_at=now + lifetime,
    )
    return OpenedSession(target, token, now + lifetime)


async def close_session(uow: UnitOfWork, token: str) -> bool:
    """Sign out: the token opens nothing any more. False if it opened nothing already (an
    unknown, expired or closed session)."""
    return await sessions.delete(uow, token_hash(token))

"""Drafts: start one, save its answers a part at a time, ask for a link to come back to it,
send it as an application, or discard it. Each in the request's transaction."""

import uuid
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from applications import metrics
from applications.domain import rules
from applications.domain.drafts import as_submission, email_to_write_to, expiry, merged
from applications.domain.sign_in import Target
from applications.store import drafts, programmes, sessions
from applications.store.drafts import Draft
from applications.store.idempotency import IdempotencyStore
from applications.use_cases import sign_in, submissions
from applications.use_cases.sessions import OpenedSession, open_session
from returners_platform.errors import NotFound, Refused
from returners_platform.messaging.unit_of_work import UnitOfWork
from returners_platform.service.auth import token_hash

NOT_FOUND = "no such draft for this session"


@dataclass(frozen=True)
class Lifetimes:
    """How long a draft is kept after it was last saved, a session, and a sign-in link."""

    draft_days: int
    session: timedelta
    link: timedelta


async def start(
    uow: UnitOfWork, programme_id: str, answers: BaseModel | None, lifetimes: Lifetimes
) -> tuple[Draft, OpenedSession]:
    """A new draft for an open programme, and the session that opens it."""
    now = uow.now()
    programme = await programmes.window(uow, programme_id)
    if programme is None:
        raise Refused("unknown_programme", f"no programme {programme_id!r}")
    rules.check_window(programme.opens_at, programme.closes_at, now)
    given = merged({}, answers) if answers is not None else {}
    draft = Draft(
        draft_id=uuid.uuid4(),
        programme_id=programme_id,
        answers=given,
        email=email_to_write_to(given, None),
        created_at=now,
        updated_at=now,
        expires_at=expiry(now, lifetimes.draft_days),
    )
    await drafts.insert(uow, draft)
    session = await open_session(uow, Target(draft_id=draft.draft_id), lifetimes.session)
    metrics.DRAFTS.labels("started").inc()
    return draft, session


async def authorised(uow: UnitOfWork, draft_id: UUID, token: str, *, lock: bool = False) -> Draft:
    """The draft if ``token`` is a live session of it; NotFound otherwise (or once expired)."""
    now = uow.now()
    session = await sessions.live(uow, token_hash(token), now)
    found = None
    if session is not None and session.draft_id == draft_id:
        found = await drafts.live(uow, draft_id, now, lock=lock)
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


async def save(
    uow: UnitOfWork, draft_id: UUID, token: str, change: BaseModel, draft_days: int
) -> Draft:
    """Apply the answers given (each part checked field by field); kept ``draft_days`` more."""
    draft = await authorised(uow, draft_id, token, lock=True)
    answers = merged(draft.answers, change)
    now = uow.now()
    saved = replace(
        draft,
        answers=answers,
        email=email_to_write_to(answers, draft.email),
        updated_at=now,
        expires_at=expiry(now, draft_days),
    )
    await drafts.save(uow, saved)
    return saved


async def ask_for_link(
    uow: UnitOfWork, draft_id: UUID, token: str, email: str, lifetimes: Lifetimes
) -> None:
    """Save and come back later: a one-time link to the draft, emailed to ``email``."""
    draft = await authorised(uow, draft_id, token, lock=True)
    now = uow.now()
    await drafts.save(
        uow,
        replace(draft, email=email, updated_at=now, expires_at=expiry(now, lifetimes.draft_days)),
    )
    await sign_in.record_request(uow, Target(draft_id=draft_id), lifetimes.link)


async def send(
    uow: UnitOfWork,
    draft_id: UUID,
    token: str,
    last_answers: BaseModel | None,
    *,
    idempotency: IdempotencyStore,
    lifetimes: Lifetimes,
) -> tuple[UUID, OpenedSession]:
    """Submit the draft as an application (``application.submitted``), delete it, and open a
    session of the application. A missing or refused answer is a ValidationError naming it."""
    draft = await authorised(uow, draft_id, token, lock=True)
    answers: dict[str, Any] = (
        merged(draft.answers, last_answers) if last_answers is not None else draft.answers
    )
    submission = as_submission(draft.programme_id, answers)
    receipt, _ = await submissions.submit_application(
        uow, submission, idempotency=idempotency, idempotency_key=None
    )
    await drafts.delete(uow, draft_id)
    session = await open_session(
        uow, Target(application_id=receipt.application_id), lifetimes.session
    )
    metrics.DRAFTS.labels("sent").inc()
    return receipt.application_id, session


async def discard(uow: UnitOfWork, draft_id: UUID, token: str) -> None:
    await authorised(uow, draft_id, token, lock=True)
    await drafts.delete(uow, draft_id)
    metrics.DRAFTS.labels("discarded").inc()

"""Drafts: applications answered a part at a time, kept until sent, discarded or expired."""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import converting, one, run, update, value

_COLUMNS = "draft_id, programme_id, answers, email, created_at, updated_at, expires_at"


@dataclass(frozen=True)
class Draft:
    draft_id: UUID
    programme_id: str
    answers: dict[str, Any]  # the parts of the application form answered so far, in JSON
    email: str | None  # where a link to come back is sent
    created_at: datetime
    updated_at: datetime
    expires_at: datetime


async def insert(db: Db, draft: Draft) -> None:
    await run(
        db,
        f"INSERT INTO drafts ({_COLUMNS}) VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7)",
        draft.draft_id,
        draft.programme_id,
        json.dumps(draft.answers),
        draft.email,
        draft.created_at,
        draft.updated_at,
        draft.expires_at,
    )


async def live(db: Db, draft_id: UUID, now: datetime, *, lock: bool = False) -> Draft | None:
    """The draft unless it has expired (locked for the transaction with ``lock``)."""
    return await one(
        db,
        converting(Draft, answers=json.loads),
        f"SELECT {_COLUMNS} FROM drafts WHERE draft_id = $1 AND expires_at > $2"
        + (" FOR UPDATE" if lock else ""),
        draft_id,
        now,
    )


async def save(db: Db, draft: Draft) -> None:
    """The draft as it now is (its answers, email and times)."""
    await update(
        db,
        "drafts",
        where={"draft_id": draft.draft_id},
        answers=json.dumps(draft.answers),
        email=draft.email,
        updated_at=draft.updated_at,
        expires_at=draft.expires_at,
    )


async def delete(db: Db, draft_id: UUID) -> None:
    """The draft and, with it, its sessions and sign-in links."""
    await run(db, "DELETE FROM drafts WHERE draft_id = $1", draft_id)


async def latest_for_email(db: Db, email: str, now: datetime) -> UUID | None:
    found: UUID | None = await value(
        db,
        "SELECT draft_id FROM drafts WHERE lower(email) = lower($1) AND expires_at > $2"
        " ORDER BY updated_at DESC LIMIT 1",
        email,
        now,
    )
    return found

"""Telling the requests that wait on an application (``GET /applications/{id}`` with
``Prefer: wait``) that its status was stored again.

``store.applications`` stores a status with a notification on ``STATUS_CHANNEL`` naming the
application; Postgres delivers it when the transaction commits, to every replica. Each
process subscribes on a connection of its own (``follow``, run for the service's life) and
wakes the requests waiting on that application, which read the view again. A notification
is only a hint: a waiting request reads the view again at the end of its wait whatever
came, so one lost (the connection dropped) costs latency, not a stale answer; on every
(re)connection every waiting request reads again, for what changed while nobody listened.
"""

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import asyncpg
import structlog

log = structlog.get_logger(__name__)

STATUS_CHANNEL = "application_status"


class StatusChanges:
    def __init__(self) -> None:
        self._waiting: dict[UUID, set[asyncio.Event]] = {}

    @contextmanager
    def watch(self, application_id: UUID) -> Iterator[asyncio.Event]:
        """An event set when the application's status is next stored; watch before reading
        the view, so that a change committed meanwhile is not missed."""
        changed = asyncio.Event()
        self._waiting.setdefault(application_id, set()).add(changed)
        try:
            yield changed
        finally:
            waiting = self._waiting.get(application_id)
            if waiting is not None:
                waiting.discard(changed)
                if not waiting:
                    del self._waiting[application_id]

    def waiting(self, application_id: UUID) -> int:
        """How many requests wait on the application."""
        return len(self._waiting.get(application_id, ()))

    def stored(self, application_id: UUID) -> None:
        for changed in self._waiting.get(application_id, ()):
            changed.set()

    def everything_stored(self) -> None:
        for waiting in self._waiting.values():
            for changed in waiting:
                changed.set()

    async def follow(self, dsn: str) -> None:
        """Follow the notifications until the connection is lost, then raise (the runtime
        starts it again)."""
        conn: asyncpg.Connection = await asyncpg.connect(dsn)
        try:
            lost = asyncio.Event()
            conn.add_termination_listener(lambda _: lost.set())
            await conn.add_listener(STATUS_CHANNEL, self._on_notify)
            self.everything_stored()  # what changed while nobody listened is read again
            await lost.wait()
            raise ConnectionError("the status listener's connection was closed")
        finally:
            await conn.close(timeout=2)

    def _on_notify(self, _conn: Any, _pid: int, _channel: str, payload: object) -> None:
        try:
            application_id = UUID(str(payload))
        except ValueError:
            log.warning("status_notification_unreadable", payload=payload)
            return
        self.stored(application_id)

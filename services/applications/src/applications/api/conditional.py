"""Conditional reads of a view: its ``ETag``, ``If-None-Match``, and ``Prefer: wait``.

An applicant's client waiting for a decision sends the ``ETag`` of the view it has in
``If-None-Match`` and how long it will wait in ``Prefer: wait=<seconds>`` (RFC 7240): the
answer comes as soon as the view differs (200, the new view), or when the wait is over
(304, unchanged), instead of the client asking again and again. Without ``Prefer`` it is a
plain conditional GET: 304 at once when unchanged.
"""

import asyncio
import contextlib
import hashlib
import re
from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager
from typing import NamedTuple

# A request holds a connection and a task while it waits: not for ever.
MAX_WAIT_SECONDS = 30.0
_WAIT = re.compile(r"(?:^|[,;])\s*wait\s*=\s*\"?(\d+(?:\.\d+)?)\"?\s*(?=$|[,;])", re.IGNORECASE)


def etag_of(body: bytes) -> str:
    """A strong validator: the same bytes, the same tag."""
    return f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'


def wait_preference(prefer: str | None) -> float:
    """The seconds ``Prefer: wait=N`` asks for (at most ``MAX_WAIT_SECONDS``); 0 without
    one. Other preferences, and a malformed one, are ignored, as RFC 7240 says."""
    found = _WAIT.search(prefer or "")
    return min(float(found.group(1)), MAX_WAIT_SECONDS) if found else 0.0


def matches(if_none_match: str | None, etag: str) -> bool:
    """Whether ``If-None-Match`` names ``etag`` (or ``*``), by weak comparison (RFC 9110)."""
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags


class View(NamedTuple):
    body: bytes
    etag: str
    changed: bool  # False: it still matches If-None-Match (304)


async def changed_view(
    read: Callable[[], Awaitable[bytes]],
    watch: Callable[[], AbstractContextManager[asyncio.Event]],
    if_none_match: str | None,
    wait: float,
) -> View:
    """The view, read now or, while it still matches ``If-None-Match``, again each time
    ``watch``'s event says it may have changed, for up to ``wait`` seconds (and once more at
    the end). The watch starts before each read, so a change committed between the read
    and the wait is not missed."""
    deadline = asyncio.get_running_loop().time() + wait
    while True:
        with watch() as changed:
            body = await read()
            etag = etag_of(body)
            remaining = deadline - asyncio.get_running_loop().time()
            if not matches(if_none_match, etag):
                return View(body, etag, changed=True)
            if remaining <= 0:
                return View(body, etag, changed=False)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(remaining):
                    await changed.wait()
